using System.Net.Sockets;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration;

/// <summary>Where the test broker is, and whether it answers.</summary>
internal static class Broker
{
    public static string Uri { get; } = Environment.GetEnvironmentVariable("TYPEDAMQP_TEST_URI") is { Length: > 0 } uri
        ? uri
        : "amqp://guest:guest@127.0.0.1:5672/";

    /// <summary>The broker's TLS port (its plain port is in <see cref="Uri"/>).</summary>
    public static int TlsPort { get; } = Environment.GetEnvironmentVariable("TYPEDAMQP_TEST_TLS_PORT") is { Length: > 0 } port
        ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)
        : 5671;

    /// <summary>The broker's plain AMQP port.</summary>
    public static int PlainPort => AmqpConnectionOptions.Parse(Uri).EffectivePort;

    /// <summary>Where eng/broker.sh wrote the broker's private CA and the client certificate.</summary>
    public static string TlsDirectory { get; } = Environment.GetEnvironmentVariable("TYPEDAMQP_TLS_DIR") ?? "/tmp/typedamqp-broker/tls";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<bool> Reachable = new(() =>
    {
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse(Uri);
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(options.Host, options.EffectivePort).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (Exception)
        {
            return false;
        }
    });

    public static bool IsReachable => Reachable.Value;

    public static ValueTask<AmqpConnection> ConnectAsync(string? clientName = null)
    {
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse(Uri);
        options.ClientName = clientName ?? "TypedAmqp.Integration.Tests";
        return AmqpConnection.ConnectAsync(options);
    }

    public static AmqpConnectionOptions Options() => AmqpConnectionOptions.Parse(Uri);

    /// <summary>A name no other test uses, so tests can run in parallel against one broker.</summary>
    public static string UniqueName(string prefix) => $"typedamqp.test.{prefix}.{Guid.NewGuid():N}";
}

/// <summary>
/// A test that needs the RabbitMQ broker. Locally it is skipped, with the reason shown, when no broker answers;
/// with CI=true it always runs, so a missing broker fails the run instead of hiding it.
/// </summary>
public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute()
    {
        if (!Broker.IsCi && !Broker.IsReachable)
        {
            Skip = $"No RabbitMQ broker answers at {AmqpConnectionOptions.Redact(Broker.Uri)}; start one with eng/broker.sh start (CI=true makes this a failure).";
        }
    }
}

/// <summary>A theory that needs the RabbitMQ broker; skipped like <see cref="BrokerFactAttribute"/> when none answers outside CI.</summary>
public sealed class BrokerTheoryAttribute : TheoryAttribute
{
    public BrokerTheoryAttribute()
    {
        if (!Broker.IsCi && !Broker.IsReachable)
        {
            Skip = $"No RabbitMQ broker answers at {AmqpConnectionOptions.Redact(Broker.Uri)}; start one with eng/broker.sh start (CI=true makes this a failure).";
        }
    }
}
