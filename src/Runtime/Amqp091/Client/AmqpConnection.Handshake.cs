using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;

namespace TypedAmqp.Amqp091;

// The opening handshake (spec 2.2.4): protocol header, start/start-ok, tune/tune-ok, open/open-ok.
public sealed partial class AmqpConnection
{
    private async ValueTask HandshakeAsync(CancellationToken cancellationToken)
    {
        using (ConnectionWriter.WriteScope scope = Writer.Acquire())
        {
            FrameConstants.ProtocolHeader.CopyTo(scope.Buffer.GetSpan(8));
            scope.Buffer.Advance(8);
        }

        (uint id, byte[] payload) = await ReadHandshakeMethodAsync("connection.start", cancellationToken).ConfigureAwait(false);
        ExpectMethod(id, MethodId.ConnectionStart);
        string mechanism = ReadStart(payload, out byte major, out byte minor);

        using (ConnectionWriter.WriteScope scope = Writer.Acquire())
        {
            FrameWriter.WriteMethod(scope.Buffer, 0, new ConnectionStartOk(BuildClientProperties(), mechanism, BuildSaslResponse(), "en_US"));
        }

        try
        {
            (id, payload) = await ReadHandshakeMethodAsync("connection.tune", cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            // Brokers without the authentication_failure_close capability just drop the socket.
            throw new AmqpAuthenticationException(
                $"The broker at {_options.Host}:{_options.EffectivePort} closed the connection during authentication of user '{_options.UserName}' with {mechanism}: the credentials were most likely refused.", ex);
        }

        if (id == MethodId.ConnectionClose)
        {
            CloseReason reason = await AcknowledgeHandshakeCloseAsync(payload).ConfigureAwait(false);
            if (reason.ReplyCode == ReplyCode.AccessRefused)
            {
                throw new AmqpAuthenticationException(
                    $"The broker refused user '{_options.UserName}' ({mechanism}): {reason.ReplyCode} {reason.ReplyText}.");
            }

            throw new AmqpConnectionClosedException(reason);
        }

        if (id == MethodId.ConnectionSecure)
        {
            throw new AmqpAuthenticationException($"The broker sent a SASL challenge for {mechanism}, which this client does not answer.");
        }

        ExpectMethod(id, MethodId.ConnectionTune);
        Tune(payload);
        using (ConnectionWriter.WriteScope scope = Writer.Acquire())
        {
            FrameWriter.WriteMethod(scope.Buffer, 0, new ConnectionTuneOk(ChannelMax, FrameMax, (ushort)Heartbeat.TotalSeconds));
            FrameWriter.WriteMethod(scope.Buffer, 0, new ConnectionOpen(_options.VirtualHost));
        }

        (id, payload) = await ReadHandshakeMethodAsync("connection.open-ok", cancellationToken).ConfigureAwait(false);
        if (id == MethodId.ConnectionClose)
        {
            CloseReason reason = await AcknowledgeHandshakeCloseAsync(payload).ConfigureAwait(false);
            if (reason.ReplyCode is ReplyCode.NotAllowed or ReplyCode.InvalidPath or ReplyCode.AccessRefused)
            {
                throw new AmqpVirtualHostException(_options.VirtualHost, $"{reason.ReplyCode} {reason.ReplyText}");
            }

            throw new AmqpConnectionClosedException(reason);
        }

        ExpectMethod(id, MethodId.ConnectionOpenOk);
        Log.Connected(_logger, Endpoint, major, minor, FrameMax, ChannelMax, (int)Heartbeat.TotalSeconds);
    }

    private string ReadStart(byte[] payload, out byte major, out byte minor)
    {
        var reader = new AmqpReader(new ReadOnlySequence<byte>(payload, 4, payload.Length - 4));
        major = reader.ReadOctet();
        minor = reader.ReadOctet();
        ServerProperties = reader.ReadTable();
        string mechanisms = reader.ReadLongString();
        string wanted = _options.Mechanism == SaslMechanism.External ? "EXTERNAL" : "PLAIN";
        if (!mechanisms.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(wanted, StringComparer.Ordinal))
        {
            throw new AmqpAuthenticationException($"The broker does not offer the SASL mechanism {wanted}; it offers: {mechanisms}.");
        }

        return wanted;
    }

    private void Tune(byte[] payload)
    {
        var reader = new AmqpReader(new ReadOnlySequence<byte>(payload, 4, payload.Length - 4));
        ushort serverChannelMax = reader.ReadShort();
        uint serverFrameMax = reader.ReadLong();
        ushort serverHeartbeat = reader.ReadShort();

        ChannelMax = (ushort)Negotiate(_options.ChannelMax, serverChannelMax);
        if (ChannelMax == 0) ChannelMax = ushort.MaxValue;
        uint frameMax = Negotiate(_options.FrameMax, serverFrameMax);
        FrameMax = frameMax == 0 ? FrameConstants.DefaultFrameMax : Math.Max(frameMax, FrameConstants.MinFrameMax);
        ushort requestedHeartbeat = (ushort)Math.Min(_options.Heartbeat.TotalSeconds, ushort.MaxValue);

        // A client that asks for no heartbeats gets none; otherwise the smaller non-zero value wins.
        Heartbeat = requestedHeartbeat == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Negotiate(requestedHeartbeat, serverHeartbeat));
    }

    private static uint Negotiate(uint client, uint server) =>
        client == 0 || server == 0 ? Math.Max(client, server) : Math.Min(client, server);

    private async ValueTask<CloseReason> AcknowledgeHandshakeCloseAsync(byte[] payload)
    {
        var reader = new AmqpReader(new ReadOnlySequence<byte>(payload, 4, payload.Length - 4));
        CloseReason reason = CloseMethod.Read(ref reader);
        using (ConnectionWriter.WriteScope scope = Writer.Acquire())
        {
            FrameWriter.WriteMethod(scope.Buffer, 0, new EmptyMethod(MethodId.ConnectionCloseOk));
        }

        await Task.Yield();
        return reason;
    }

    private Dictionary<string, object?> BuildClientProperties()
    {
        string version = typeof(AmqpConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var properties = new Dictionary<string, object?>
        {
            ["product"] = "TypedAmqp",
            ["version"] = version,
            ["platform"] = ".NET " + Environment.Version,
            ["information"] = "Typed messaging over AMQP",
            ["capabilities"] = new Dictionary<string, object?>
            {
                ["publisher_confirms"] = true,
                ["exchange_exchange_bindings"] = true,
                ["basic.nack"] = true,
                ["consumer_cancel_notify"] = true,
                ["connection.blocked"] = true,
                ["authentication_failure_close"] = true,
                ["per_consumer_qos"] = true,
            },
        };
        if (_options.ClientName is { } name) properties["connection_name"] = name;
        return properties;
    }

    private byte[] BuildSaslResponse()
    {
        if (_options.Mechanism == SaslMechanism.External) return [];

        // SASL PLAIN: authorization id (empty), NUL, user, NUL, password.
        return Encoding.UTF8.GetBytes("\0" + _options.UserName + "\0" + _options.Password);
    }

    private static void ExpectMethod(uint actual, uint expected)
    {
        if (actual != expected)
        {
            throw new AmqpProtocolException(
                ReplyCode.CommandInvalid, $"Expected {MethodId.NameOf(expected)} during the handshake but the broker sent {MethodId.NameOf(actual)}.");
        }
    }

    /// <summary>Reads the next method on channel 0 during the handshake (heartbeats are skipped) and copies its payload.</summary>
    private async ValueTask<(uint Id, byte[] Payload)> ReadHandshakeMethodAsync(string expecting, CancellationToken cancellationToken)
    {
        PipeReader input = _transport.Input;
        uint frameMax = Math.Max(FrameMax, FrameConstants.DefaultFrameMax);
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length >= 4 && buffer.FirstSpan.Length >= 4 && buffer.FirstSpan[..4].SequenceEqual("AMQP"u8))
            {
                input.AdvanceTo(buffer.Start);
                throw new AmqpProtocolException(ReplyCode.NotImplemented, "The broker does not speak AMQP 0-9-1: it answered with its own protocol header.");
            }

            if (!_options.UseTls && StartsWithTlsRecord(buffer))
            {
                input.AdvanceTo(buffer.Start);
                throw new AmqpTlsMismatchException(_options.HostAndPort, brokerUsesTls: true);
            }

            while (FrameReader.TryReadFrame(ref buffer, frameMax, out Frame frame))
            {
                if (frame.Type == FrameType.Heartbeat) continue;
                if (frame.Type != FrameType.Method || frame.Channel != 0)
                {
                    input.AdvanceTo(buffer.Start);
                    throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"Expected {expecting} on channel 0 but received a frame of type {frame.Type} on channel {frame.Channel}.");
                }

                byte[] payload = frame.Payload.ToArray();
                input.AdvanceTo(buffer.Start);
                if (payload.Length < 4)
                {
                    throw new AmqpProtocolException(ReplyCode.FrameError, "Malformed frame: a method frame shorter than its class and method ids.");
                }

                uint id = MethodId.Of((ushort)((payload[0] << 8) | payload[1]), (ushort)((payload[2] << 8) | payload[3]));
                return (id, payload);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                ThrowIfTransportFailed();
                throw new EndOfStreamException($"The broker at {_options.HostAndPort} closed the socket while the client waited for {expecting}.");
            }
        }
    }

    /// <summary>
    /// Whether the bytes are a TLS record (an alert or a handshake message, TLS major version 3): what a TLS port sends
    /// back to a client that spoke plain AMQP to it. No AMQP frame starts like that (frame types are 1, 2, 3 and 8).
    /// </summary>
    private static bool StartsWithTlsRecord(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 3) return false;
        Span<byte> start = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(start);
        const byte alert = 21, handshake = 22;
        return start[0] is alert or handshake && start[1] == 3 && start[2] <= 4;
    }
}
