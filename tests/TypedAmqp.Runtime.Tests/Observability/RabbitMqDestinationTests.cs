using TypedAmqp.Observability;

namespace TypedAmqp.Tests.Observability;

/// <summary>messaging.destination.name as OpenTelemetry's RabbitMQ conventions spell it.</summary>
public sealed class RabbitMqDestinationTests
{
    [Theory]
    [InlineData("orders", "order.placed.eu", "orders:order.placed.eu")]
    [InlineData("orders", "", "orders")]
    [InlineData("", "jobs", "jobs")]
    [InlineData("", "", "amq.default")]
    public void A_publish_is_named_exchange_colon_routing_key_leaving_out_empty_parts(string exchange, string routingKey, string expected) =>
        Assert.Equal(expected, RabbitMqDestination.OfPublish(exchange, routingKey));

    [Theory]
    [InlineData("orders", "order.placed.eu", "billing", "orders:order.placed.eu:billing")]
    [InlineData("orders", "", "billing", "orders:billing")]
    [InlineData("", "jobs", "jobs", "jobs")] // the default exchange routes by queue name: key and queue are one
    [InlineData("", "", "billing", "billing")]
    [InlineData("logs", "", null, "logs")]
    public void A_delivery_adds_its_queue_unless_empty_or_equal_to_the_routing_key(string exchange, string routingKey, string? queue, string expected) =>
        Assert.Equal(expected, RabbitMqDestination.OfDelivery(exchange, routingKey, queue));

    [Fact]
    public void Error_types_name_refused_publishes_and_otherwise_the_exception_type()
    {
        Assert.Equal("returned", ErrorTypes.Of(new PublishException(1, returned: true, 312, "NO_ROUTE")));
        Assert.Equal("nacked", ErrorTypes.Of(new PublishException(1, returned: false, 0, "nacked")));
        Assert.Equal("System.InvalidOperationException", ErrorTypes.Of(new InvalidOperationException()));
    }
}
