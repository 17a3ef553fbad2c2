using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace TypedAmqp.Hosting;

/// <summary>
/// TLS settings for an <c>amqps://</c> broker URI, bound from the <c>TypedAmqp:Tls</c> section: a private CA to trust,
/// a client certificate (for mutual TLS and SASL EXTERNAL), the server name to validate, and revocation checking.
/// Without any of them an amqps connection validates the server against the system's trust store.
/// </summary>
public sealed class TypedAmqpTlsOptions
{
    /// <summary>
    /// A PEM (one or more certificates) or DER file with the CA that signed the broker's certificate. When set, only
    /// this CA is trusted for the broker, instead of the system's trust store.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>The client certificate: a PKCS#12 file (.pfx, .p12) or a PEM certificate.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM client certificate, when it is not in the certificate file itself.</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>The password of a PKCS#12 client certificate. Never written to logs or exception messages.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>The name the broker's certificate must carry (and the SNI name sent); the URI's host when not set.</summary>
    public string? ServerName { get; set; }

    /// <summary>Whether to check the broker certificate's revocation status online; off by default, as in .NET's TLS.</summary>
    public bool CheckCertificateRevocation { get; set; }

    /// <summary>Whether any TLS setting has been given.</summary>
    public bool IsConfigured =>
        CaCertificatePath is not null || ClientCertificatePath is not null || ClientKeyPath is not null || ClientCertificatePassword is not null
        || ServerName is not null || CheckCertificateRevocation;

    internal static TypedAmqpTlsOptions FromConfiguration(IConfigurationSection section)
    {
        var tls = new TypedAmqpTlsOptions
        {
            CaCertificatePath = section["CaCertificatePath"],
            ClientCertificatePath = section["ClientCertificatePath"],
            ClientKeyPath = section["ClientKeyPath"],
            ClientCertificatePassword = section["ClientCertificatePassword"],
            ServerName = section["ServerName"],
        };
        if (section["CheckCertificateRevocation"] is { } revocation)
        {
            tls.CheckCertificateRevocation = bool.TryParse(revocation, out bool check)
                ? check
                : throw new InvalidOperationException($"TypedAmqp:Tls:CheckCertificateRevocation is '{revocation}'; use true or false.");
        }

        return tls;
    }

    /// <summary>Loads the certificates and builds the TLS client options; failures name the setting and the file.</summary>
    /// <exception cref="InvalidOperationException">A file is missing or cannot be read as a certificate or key.</exception>
    internal SslClientAuthenticationOptions ToSslOptions()
    {
        X509RevocationMode revocation = CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        var ssl = new SslClientAuthenticationOptions
        {
            TargetHost = ServerName,
            CertificateRevocationCheckMode = revocation,
        };

        if (CaCertificatePath is not null)
        {
            X509Certificate2Collection authorities = Load("CaCertificatePath", CaCertificatePath, LoadAuthorities);
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = revocation };
            policy.CustomTrustStore.AddRange(authorities);
            ssl.CertificateChainPolicy = policy;
        }

        if (ClientCertificatePath is not null)
        {
            ssl.ClientCertificates = [Load("ClientCertificatePath", ClientCertificatePath, LoadClientCertificate)];
        }
        else if (ClientKeyPath is not null || ClientCertificatePassword is not null)
        {
            throw new InvalidOperationException("TypedAmqp:Tls has a client key or password but no ClientCertificatePath.");
        }

        return ssl;
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        if (authorities.Count == 0) authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        return authorities;
    }

    private X509Certificate2 LoadClientCertificate(string path)
    {
        string extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, ClientCertificatePassword);
        }

        if (ClientKeyPath is not null && !File.Exists(ClientKeyPath))
        {
            throw new InvalidOperationException($"TypedAmqp:Tls:ClientKeyPath '{ClientKeyPath}' does not exist.");
        }

        return X509Certificate2.CreateFromPemFile(path, ClientKeyPath);
    }

    private static T Load<T>(string setting, string path, Func<string, T> load)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"TypedAmqp:Tls:{setting} '{path}' does not exist.");
        try
        {
            return load(path);
        }
        catch (CryptographicException ex)
        {
            // The message comes from the platform's certificate reader and names the problem, never the password.
            throw new InvalidOperationException($"TypedAmqp:Tls:{setting} '{path}' cannot be read as a certificate: {ex.Message}", ex);
        }
    }
}
