using TypedAmqp.Amqp091;
using TypedAmqp.Amqp10;
using TypedAmqp.Integration.RabbitMq4;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Amqp10;

/// <summary>
/// A test that needs RabbitMQ 4 (its native AMQP 1.0 addresses and management node). Skipped with the reason on an
/// older broker, which CI also runs the suite against; skipped like <see cref="BrokerFactAttribute"/> when no broker
/// answers outside CI. The version is read once per run from the broker's connection.start.
/// </summary>
public sealed class RabbitMq4FactAttribute : FactAttribute
{
    private static readonly Lazy<Version?> BrokerVersion = new(() =>
    {
        try
        {
            AmqpConnection connection = Broker.ConnectAsync("rabbitmq4-fact-probe").AsTask().GetAwaiter().GetResult();
            try
            {
                return ServerVersion.Of(connection);
            }
            finally
            {
                connection.CloseAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception) when (!Broker.IsCi)
        {
            return null;
        }
    });

    public RabbitMq4FactAttribute()
    {
        if (!Broker.IsCi && !Broker.IsReachable)
        {
            Skip = $"No RabbitMQ broker answers at {AmqpConnectionOptions.Redact(Broker.Uri)}; start one with eng/broker.sh start (CI=true makes this a failure).";
        }
        else if (BrokerVersion.Value is { Major: < 4 } version)
        {
            Skip = $"Needs RabbitMQ 4 (native AMQP 1.0 addresses and management node); the broker at {AmqpConnectionOptions.Redact(Broker.Uri)} is {version}.";
        }
    }
}
