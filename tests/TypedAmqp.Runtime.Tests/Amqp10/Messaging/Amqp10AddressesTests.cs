using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Messaging;

public sealed class Amqp10AddressesTests
{
    [Theory]
    [InlineData("orders", "order.placed.eu", "/exchanges/orders/order.placed.eu")]
    [InlineData("orders", "", "/exchanges/orders")]
    [InlineData("", "work-queue", "/queues/work-queue")]
    [InlineData("my exchange", "a/b", "/exchanges/my%20exchange/a%2Fb")]
    [InlineData("ordres", "clé#1?", "/exchanges/ordres/cl%C3%A9%231%3F")]
    [InlineData("x", "-._~", "/exchanges/x/-._~")]
    public void A_publish_address_is_RabbitMQ_4_address_v2_with_each_name_percent_encoded_as_one_segment(string exchange, string routingKey, string address) =>
        Assert.Equal(address, Amqp10Addresses.Publish(exchange, routingKey));

    [Theory]
    [InlineData("replies", "/queues/replies")]
    [InlineData("/queues/already-an-address", "/queues/already-an-address")]
    [InlineData("amq.rabbitmq.reply-to.abc", "/queues/amq.rabbitmq.reply-to.abc")]
    public void A_reply_to_naming_a_queue_becomes_its_address_and_an_address_is_kept(string replyTo, string address) =>
        Assert.Equal(address, Amqp10Addresses.ReplyAddress(replyTo));
}
