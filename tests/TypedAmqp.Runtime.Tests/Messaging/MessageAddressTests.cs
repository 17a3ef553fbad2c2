using TypedAmqp.Amqp10;
using TypedAmqp.Messaging;

namespace TypedAmqp.Tests.Messaging;

/// <summary>The neutral address: its three forms, what each means over AMQP 0-9-1 and over RabbitMQ 4's AMQP 1.0, and the publisher's default for it.</summary>
public sealed class MessageAddressTests
{
    [Fact]
    public void Each_form_names_itself_and_maps_to_an_exchange_and_key_over_0_9_1_except_a_bare_AMQP_1_0_address()
    {
        Assert.True(MessageAddress.Exchange("orders", "placed.eu").TryGetExchangeAndRoutingKey(out string exchange, out string key));
        Assert.Equal(("orders", "placed.eu"), (exchange, key));
        Assert.True(MessageAddress.Queue("inbox").TryGetExchangeAndRoutingKey(out exchange, out key));
        Assert.Equal(("", "inbox"), (exchange, key));
        Assert.False(MessageAddress.Amqp10("orders").TryGetExchangeAndRoutingKey(out _, out _));
        Assert.False(default(MessageAddress).TryGetExchangeAndRoutingKey(out _, out _));

        Assert.Equal("exchange 'orders' with routing key 'placed.eu'", MessageAddress.Exchange("orders", "placed.eu").ToString());
        Assert.Equal("queue 'inbox'", MessageAddress.Queue("inbox").ToString());
        Assert.Equal("AMQP 1.0 address 'orders'", MessageAddress.Amqp10("orders").ToString());
        Assert.Equal(MessageAddressKind.None, default(MessageAddress).Kind);
        Assert.Equal("", default(MessageAddress).Name);
        Assert.Equal(MessageAddress.Queue("inbox"), MessageAddress.Queue("inbox"));
        Assert.NotEqual(MessageAddress.Queue("inbox"), MessageAddress.Amqp10("inbox"));
        Assert.Throws<ArgumentException>(() => MessageAddress.Queue(""));
        Assert.Throws<ArgumentNullException>(() => MessageAddress.Exchange("orders", null!));
    }

    [Fact]
    public void Over_RabbitMQ_4_s_AMQP_1_0_an_exchange_and_a_queue_are_its_v2_addresses_and_a_bare_address_is_kept_as_it_is()
    {
        Assert.Equal("/exchanges/orders/placed%2Feu", Amqp10Addresses.Of(MessageAddress.Exchange("orders", "placed/eu")));
        Assert.Equal("/queues/inbox%20one", Amqp10Addresses.Of(MessageAddress.Queue("inbox one")));
        Assert.Equal("/queues/inbox", Amqp10Addresses.Of(MessageAddress.Exchange("", "inbox")));
        Assert.Equal("orders/eu", Amqp10Addresses.Of(MessageAddress.Amqp10("orders/eu")));
        Assert.Throws<ArgumentException>(() => Amqp10Addresses.Of(default));
    }

    [Fact]
    public async Task The_publisher_s_default_publishes_an_exchange_or_a_queue_by_exchange_and_key_and_refuses_a_bare_AMQP_1_0_address_naming_it()
    {
        var publisher = new RecordingPublisher();
        IMessagePublisher asInterface = publisher;
        var descriptor = new MessageDescriptor<TypedAmqp.Tests.Client.LimitOrder>("orders.placed", TypedAmqp.Tests.Client.LimitJson.Default.LimitOrder);

        await asInterface.PublishAsync(MessageAddress.Exchange("orders", "placed"), descriptor, new(1), null, CancellationToken.None);
        await asInterface.PublishAsync(MessageAddress.Queue("inbox"), descriptor, new(2), null, CancellationToken.None);
        Assert.Equal([("orders", "placed"), ("", "inbox")], publisher.Published);

        NotSupportedException refused = Assert.Throws<NotSupportedException>(
            () => { _ = asInterface.PublishAsync(MessageAddress.Amqp10("orders"), descriptor, new(3), null, CancellationToken.None); });
        Assert.Contains("AMQP 1.0 address 'orders'", refused.Message);
        Assert.Contains(nameof(RecordingPublisher), refused.Message);
        Assert.Throws<ArgumentException>(() => { _ = asInterface.PublishAsync(default, descriptor, new(4), null, CancellationToken.None); });
        Assert.Equal(2, publisher.Published.Count);
    }

    /// <summary>Implements only the exchange-and-key publish, as a transport without bare addresses does.</summary>
    private sealed class RecordingPublisher : IMessagePublisher
    {
        public List<(string Exchange, string RoutingKey)> Published { get; } = [];

        public ValueTask PublishAsync<TMessage>(
            ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
            PublishOptions? options, CancellationToken cancellationToken)
        {
            Published.Add((System.Text.Encoding.UTF8.GetString(exchangeUtf8.Span), System.Text.Encoding.UTF8.GetString(routingKeyUtf8.Span)));
            return ValueTask.CompletedTask;
        }

        public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
            ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
            MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask RepublishAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask ReplyAsync<TResponse>(
            string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
