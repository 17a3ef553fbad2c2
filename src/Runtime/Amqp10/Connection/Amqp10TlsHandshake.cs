using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The client side of TLS over the connected socket, with failures told in the peer's terms: which endpoint, whether
/// it speaks TLS at all (a plain AMQP header in answer to the client hello), and why its certificate was refused.
/// </summary>
/// <remarks>
/// The 0-9-1 client has its own (<c>Client/TlsHandshake</c>, blocking, on its reader thread, and tied to its options);
/// this one is asynchronous and reports the same exception types, so an application handles TLS failures of both
/// protocols alike.
/// </remarks>
internal static class Amqp10TlsHandshake
{
    /// <summary>Authenticates as a TLS client over <paramref name="network"/>; the returned stream owns it.</summary>
    /// <exception cref="AmqpTlsMismatchException">The peer answered the client hello in plain AMQP.</exception>
    /// <exception cref="AmqpTlsException">The peer's certificate was refused, or the handshake failed otherwise.</exception>
    /// <exception cref="IOException">The socket failed or closed during the handshake.</exception>
    public static async Task<SslStream> AuthenticateAsync(Stream network, Amqp10ConnectionOptions options, CancellationToken cancellationToken)
    {
        var recorded = new FirstBytesStream(network);
        var tls = new SslStream(recorded, leaveInnerStreamOpen: false);
        SslClientAuthenticationOptions settings = CopyOf(options.Tls!, options.Host);
        var verdict = new CertificateVerdict(settings.RemoteCertificateValidationCallback);
        settings.RemoteCertificateValidationCallback = verdict.Validate;
        try
        {
            await tls.AuthenticateAsClientAsync(settings, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            string endpoint = options.HostAndPort;
            if (recorded.StartsWithAmqpHeader) throw new AmqpTlsMismatchException(endpoint, brokerUsesTls: false, e);
            if (verdict.Refused) throw new AmqpTlsException(endpoint, verdict.Describe(endpoint), verdict.PolicyErrors, e);
            if (e is AuthenticationException) throw new AmqpTlsException(endpoint, $"The TLS handshake with {endpoint} failed: {e.Message}", innerException: e);
            throw;
        }
    }

    /// <summary>
    /// A copy of the caller's settings (which may be shared by connections to other hosts, and must read back as
    /// written) with the target host defaulting to <paramref name="host"/>.
    /// </summary>
    internal static SslClientAuthenticationOptions CopyOf(SslClientAuthenticationOptions configured, string host)
    {
        // Every settable property (Amqp10TlsHandshakeTests fails when .NET adds one).
        var copy = new SslClientAuthenticationOptions
        {
            AllowRenegotiation = configured.AllowRenegotiation,
            AllowTlsResume = configured.AllowTlsResume,
            ApplicationProtocols = configured.ApplicationProtocols,
            CertificateChainPolicy = configured.CertificateChainPolicy,
            CertificateRevocationCheckMode = configured.CertificateRevocationCheckMode,
            CipherSuitesPolicy = configured.CipherSuitesPolicy,
            ClientCertificateContext = configured.ClientCertificateContext,
            ClientCertificates = configured.ClientCertificates,
            EnabledSslProtocols = configured.EnabledSslProtocols,
            EncryptionPolicy = configured.EncryptionPolicy,
            LocalCertificateSelectionCallback = configured.LocalCertificateSelectionCallback,
            RemoteCertificateValidationCallback = configured.RemoteCertificateValidationCallback,
            TargetHost = configured.TargetHost ?? host,
        };
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            copy.AllowRsaPssPadding = configured.AllowRsaPssPadding;
            copy.AllowRsaPkcs1Padding = configured.AllowRsaPkcs1Padding;
        }

        return copy;
    }

    /// <summary>Runs the application's certificate check (or the default: no policy errors) and remembers a refusal.</summary>
    private sealed class CertificateVerdict(RemoteCertificateValidationCallback? configured)
    {
        private string _chainStatus = "";

        public bool Refused { get; private set; }

        public SslPolicyErrors PolicyErrors { get; private set; }

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            bool accepted = configured is null ? errors == SslPolicyErrors.None : configured(sender, certificate, chain, errors);
            if (!accepted)
            {
                Refused = true;
                PolicyErrors = errors;

                // The chain is gone once the handshake has failed: keep what it said now.
                _chainStatus = chain is null ? "" : string.Join(", ", chain.ChainStatus.Select(status => status.Status.ToString()).Distinct());
            }

            return accepted;
        }

        public string Describe(string endpoint)
        {
            if (PolicyErrors == SslPolicyErrors.None)
            {
                return $"The TLS server certificate of {endpoint} was refused by the RemoteCertificateValidationCallback in Tls.";
            }

            string chain = _chainStatus.Length > 0 ? $" (chain: {_chainStatus})" : "";
            return $"The TLS server certificate of {endpoint} was not accepted: {PolicyErrors}{chain}. "
                + "Trust its issuer (Tls.CertificateChainPolicy or the system store) and check that the host name matches the certificate.";
        }
    }

    /// <summary>Passes reads and writes through and keeps the first four bytes read, to see whether they are "AMQP".</summary>
    private sealed class FirstBytesStream(Stream inner) : Stream
    {
        private readonly byte[] _first = new byte[4];
        private int _firstCount;

        public bool StartsWithAmqpHeader => _firstCount == 4 && _first.AsSpan().SequenceEqual("AMQP"u8);

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            Keep(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Keep(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private void Keep(ReadOnlySpan<byte> read)
        {
            int take = Math.Min(_first.Length - _firstCount, read.Length);
            read[..take].CopyTo(_first.AsSpan(_firstCount));
            _firstCount += take;
        }
    }
}
