using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration.RabbitMq4;

/// <summary>The RabbitMQ version a connection reached, from the "version" server property of connection.start.</summary>
internal static class ServerVersion
{
    public static Version Of(AmqpConnection connection)
    {
        Assert.True(connection.ServerProperties.TryGetValue("version", out object? value), "the broker sent no 'version' server property");
        string text = Assert.IsType<string>(value);
        // "4.0.5", "3.10.8"; a pre-release or build suffix ("4.1.0-beta.1", "3.13.7+1") does not count.
        int end = text.IndexOfAny(['-', '+']);
        return Version.Parse(end < 0 ? text : text[..end]);
    }

    public static bool IsAtLeast4(AmqpConnection connection) => Of(connection).Major >= 4;
}
