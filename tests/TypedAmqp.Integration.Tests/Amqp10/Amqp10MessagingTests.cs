using System.Collections.Concurrent;
using System.Text;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp10;
using TypedAmqp.Generated;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Amqp10;

/// <summary>
/// The neutral messaging core over AMQP 1.0 (<see cref="Amqp10Messaging"/>) against RabbitMQ 4: the generated parcel
/// contract declared, published and consumed over 1.0; messages crossing between 1.0 and 0-9-1 with every property;
/// settlement; topology refusals. One class, so its tests share the contract's queues one at a time.
/// </summary>
[Collection(Hosting.Amqp10HostingTests.SharedQueues)] // its parcel queues are consumed by a host there too
public sealed class Amqp10MessagingTests : IAsyncLifetime
{
    private const string Inbox = "typedamqp.it.amqp10.parcels.inbox";
    private const string DeadLetters = "typedamqp.it.amqp10.parcels.dead-letters";
    private const string Feed = "typedamqp.it.amqp10.parcels";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private AmqpConnection? _classic;
    private Amqp10Messaging? _messaging;

    /// <summary>The parcel contract's part of the assembly's generated topology (the rest belongs to other tests).</summary>
    internal static TopologyDescription ParcelTopology => new(
        MessagingTopology.Description.Exchanges.Where(e => e.Name.StartsWith(Feed, StringComparison.Ordinal)).ToArray(),
        MessagingTopology.Description.Queues.Where(q => q.Name.StartsWith(Feed, StringComparison.Ordinal)).ToArray(),
        MessagingTopology.Description.Bindings.Where(b => b.Source.StartsWith(Feed, StringComparison.Ordinal)).ToArray());

    private Amqp10Messaging Messaging => _messaging!;

    private AmqpConnection Classic => _classic!;

    public static Task<Amqp10Messaging> ConnectAsync(int? maxMessageSize = null, bool publisherConfirms = true, int? maxUnconfirmedPublishes = null)
    {
        AmqpConnectionOptions uri = Broker.Options();
        return Amqp10Messaging.ConnectAsync(new Amqp10MessagingOptions
        {
            Host = uri.Host,
            Port = uri.EffectivePort,
            UserName = uri.UserName,
            Password = uri.Password,
            AllowPlainWithoutTls = true, // loopback
            MaxMessageSize = maxMessageSize,
            PublisherConfirms = publisherConfirms,
            MaxUnconfirmedPublishes = maxUnconfirmedPublishes,
        });
    }

    public async Task InitializeAsync()
    {
        if (!Broker.IsCi && !Broker.IsReachable) return;
        _classic = await Broker.ConnectAsync("amqp10-messaging-tests");
        if (!RabbitMq4.ServerVersion.IsAtLeast4(_classic)) return;
        _messaging = await ConnectAsync();
        DeclaredTopology declared = await Messaging.DeclareAsync(ParcelTopology).AsTask().WaitAsync(Timeout);
        Assert.Equal(Inbox, declared.QueueName(Inbox));
        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        await channel.QueuePurgeAsync(Inbox);
        await channel.QueuePurgeAsync(DeadLetters);
        await channel.QueuePurgeAsync("typedamqp.it.amqp10.parcels.quote-requests");
    }

    public async Task DisposeAsync()
    {
        if (_messaging is not null) await _messaging.DisposeAsync();
        if (_classic is not null) await _classic.CloseAsync();
    }

    [RabbitMq4Fact]
    public async Task The_generated_contract_is_declared_published_and_consumed_over_AMQP_1_0()
    {
        // Declared through the management node in InitializeAsync: the binding routes, and the dead-letter argument works (below).
        var inbox = new RecordingInbox();
        await using IMessageSubscription subscription = await Messaging.StartParcelInboxAsync(inbox);
        Assert.Equal(Inbox, subscription.Queue);
        IParcelFeed feed = Messaging.CreateParcelFeedPublisher();
        var first = new ParcelSent(Guid.NewGuid(), "eu", 3);
        var second = new ParcelSent(Guid.NewGuid(), "us", 5);

        await feed.Sent(first).AsTask().WaitAsync(Timeout);
        await feed.Sent(second, new PublishOptions { CorrelationId = "corr-7", Headers = new() { ["source"] = "amqp10-test", ["attempt"] = 2 } }).AsTask().WaitAsync(Timeout);

        IReadOnlyList<Received> received = await inbox.WaitForAsync(2);
        Received eu = Assert.Single(received, r => r.Parcel == first);
        Assert.Equal("parcel.sent.eu", eu.RoutingKey);
        Assert.Equal(Feed, eu.Exchange);
        Assert.Equal("it.amqp10.parcel-sent", eu.MessageType);
        Assert.Equal("application/json", eu.ContentType);
        Assert.False(eu.Redelivered);
        Received us = Assert.Single(received, r => r.Parcel == second);
        Assert.Equal("parcel.sent.us", us.RoutingKey);
        Assert.Equal("corr-7", us.CorrelationId);
        Assert.Equal("amqp10-test", us.Headers!["source"]);
        Assert.Equal(2, us.Headers["attempt"]);
    }

    [RabbitMq4Fact]
    public async Task Concurrent_publishes_are_all_confirmed_and_a_subscription_runs_its_handlers_concurrently()
    {
        var bodies = new ConcurrentBag<int>();
        int running = 0, mostAtOnce = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using IMessageSubscription subscription = await Messaging.SubscribeAsync(Inbox, prefetch: 50, concurrency: 4, async (message, token) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            await Task.Delay(20, token);
            bodies.Add(System.Text.Json.JsonSerializer.Deserialize(message.Body.Span, Typed.IntegrationJson.Default.ParcelSent)!.Weight);
            Interlocked.Decrement(ref running);
            await message.AcceptAsync(token);
            if (bodies.Count == 200) allArrived.TrySetResult();
        }, CancellationToken.None);
        IParcelFeed feed = Messaging.CreateParcelFeedPublisher();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => feed.Sent(new ParcelSent(Guid.NewGuid(), "eu", i)).AsTask())).WaitAsync(Timeout);
        await allArrived.Task.WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, 200), bodies.Order());
        Assert.InRange(mostAtOnce, 2, 4);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [RabbitMq4Fact]
    public async Task An_unroutable_publish_fails_like_a_0_9_1_return()
    {
        IParcelFeed feed = Messaging.CreateParcelFeedPublisher();
        PublishException refused = await Assert.ThrowsAsync<PublishException>(() => feed.Lost(new ParcelSent(Guid.NewGuid(), "nowhere", 1)).AsTask().WaitAsync(Timeout));
        Assert.True(refused.IsReturn);
        Assert.Equal(312, refused.ReplyCode);
        Assert.Contains("parcel.nobody-listens", refused.Message);

        // The link survives a refusal: the next publish goes through.
        await feed.Sent(new ParcelSent(Guid.NewGuid(), "eu", 1)).AsTask().WaitAsync(Timeout);
        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        Assert.NotNull(await channel.BasicGetAsync(Inbox, autoAck: true));
    }

    [RabbitMq4Fact]
    public async Task A_body_over_the_maximum_message_size_is_refused_unsent_and_one_over_the_broker_s_limit_gets_the_same_exception()
    {
        await using Amqp10Messaging limited = await ConnectAsync(maxMessageSize: 200);
        IParcelFeed feed = limited.CreateParcelFeedPublisher();

        AmqpMessageTooLargeException refused = await Assert.ThrowsAsync<AmqpMessageTooLargeException>(
            () => feed.Lost(new ParcelSent(Guid.NewGuid(), new string('x', 300), 1)).AsTask().WaitAsync(Timeout)); // sent, it would be released
        Assert.Equal(200, refused.Limit);
        Assert.InRange(refused.Size, 301, 1000);
        Assert.Contains("Amqp10MessagingOptions.MaxMessageSize", refused.Message, StringComparison.Ordinal);

        // Nothing of it was sent, and the next publish goes through.
        var small = new ParcelSent(Guid.NewGuid(), "eu", 1);
        await feed.Sent(small).AsTask().WaitAsync(Timeout);
        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        GetResult arrived = await GetAsync(channel, Inbox);
        Assert.Contains(small.Id.ToString(), Encoding.UTF8.GetString(arrived.Body.Span), StringComparison.Ordinal);
        Assert.Null(await channel.BasicGetAsync(Inbox, autoAck: true));

        // Without a limit of its own, the broker's max-message-size (announced on the link) refuses it, with the same exception.
        IParcelFeed unlimited = Messaging.CreateParcelFeedPublisher();
        AmqpMessageTooLargeException overBroker = await Assert.ThrowsAsync<AmqpMessageTooLargeException>(
            () => unlimited.Lost(new ParcelSent(Guid.NewGuid(), new string('x', 17 * 1024 * 1024), 1)).AsTask().WaitAsync(Timeout));
        Assert.IsType<Amqp10MessageSizeExceededException>(overBroker.InnerException);
        Assert.True(overBroker.Size > overBroker.Limit);
        await unlimited.Sent(new ParcelSent(Guid.NewGuid(), "eu", 2)).AsTask().WaitAsync(Timeout);
    }

    [RabbitMq4Fact]
    public async Task Without_publisher_confirms_typed_publishes_go_settled_an_unroutable_one_unnoticed_and_an_unroutable_request_still_fails_at_once()
    {
        await using Amqp10Messaging unconfirmed = await ConnectAsync(publisherConfirms: false);
        IParcelFeed feed = unconfirmed.CreateParcelFeedPublisher();

        await feed.Lost(new ParcelSent(Guid.NewGuid(), "nowhere", 1)).AsTask().WaitAsync(Timeout); // with confirms: a PublishException (return)
        var parcel = new ParcelSent(Guid.NewGuid(), "eu", 2);
        await feed.Sent(parcel).AsTask().WaitAsync(Timeout);
        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        GetResult arrived = await GetAsync(channel, Inbox);
        Assert.Contains(parcel.Id.ToString(), Encoding.UTF8.GetString(arrived.Body.Span), StringComparison.Ordinal);

        // Requests on the same (mixed) link still wait for their outcome.
        PublishException unroutable = await Assert.ThrowsAsync<PublishException>(() => ((IMessagePublisher)unconfirmed).RequestAsync(
            ReadOnlyMemory<byte>.Empty, Encoding.UTF8.GetBytes(Broker.UniqueName("amqp10.no-queue")), null, ParcelSentDescriptor, parcel, ParcelSentDescriptor,
            TimeSpan.FromSeconds(10), null, CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.True(unroutable.IsReturn, unroutable.Message);
    }

    [RabbitMq4Fact]
    public async Task With_a_bound_on_unconfirmed_publishes_many_concurrent_publishes_are_all_confirmed_and_arrive()
    {
        await using Amqp10Messaging bounded = await ConnectAsync(maxUnconfirmedPublishes: 4);
        IParcelFeed feed = bounded.CreateParcelFeedPublisher();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => feed.Sent(new ParcelSent(Guid.NewGuid(), "eu", i)).AsTask())).WaitAsync(Timeout);

        // Each was confirmed, so each is in the queue now.
        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        Assert.Equal(200u, (await channel.QueueDeclarePassiveAsync(Inbox)).MessageCount);
    }

    [RabbitMq4Fact]
    public async Task The_endpoint_list_goes_past_an_unreachable_node_to_RabbitMQ_4()
    {
        AmqpConnectionOptions uri = Broker.Options();
        var nothing = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        nothing.Start();
        int dead = ((System.Net.IPEndPoint)nothing.LocalEndpoint).Port;
        nothing.Stop();
        await using Amqp10Messaging failedOver = await Amqp10Messaging.ConnectAsync(new Amqp10MessagingOptions
        {
            Host = "unused.invalid", UserName = uri.UserName, Password = uri.Password, AllowPlainWithoutTls = true,
            Endpoints = [new AmqpEndpoint("127.0.0.1", dead), new AmqpEndpoint(uri.Host, uri.EffectivePort)],
        });

        Assert.Equal(new AmqpEndpoint(uri.Host, uri.EffectivePort).ToString(), failedOver.Endpoint);
        await failedOver.CreateParcelFeedPublisher().Sent(new ParcelSent(Guid.NewGuid(), "eu", 1)).AsTask().WaitAsync(Timeout);
    }

    [RabbitMq4Fact]
    public async Task A_body_the_generated_consumer_cannot_read_is_republished_over_AMQP_1_0_to_the_dead_letter_exchange_with_the_reason()
    {
        var inbox = new RecordingInbox();
        await using IMessageSubscription subscription = await Messaging.StartParcelInboxAsync(inbox);
        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        await channel.PublishAsync(Feed, "parcel.sent.eu", "{ not json"u8.ToArray(), new BasicProperties { Type = "it.amqp10.parcel-sent", MessageId = "poison", ContentType = "application/json" });

        GetResult deadLettered = await GetAsync(channel, DeadLetters);
        Assert.Equal("poison", deadLettered.Properties.MessageId);
        Assert.Equal("it.amqp10.parcel-sent", deadLettered.Properties.Type);
        Assert.Equal("{ not json", Encoding.UTF8.GetString(deadLettered.Body.Span));
        Dictionary<string, object?> headers = deadLettered.Properties.Headers!;
        Assert.Contains("not a valid 'it.amqp10.parcel-sent'", (string)headers["x-typedamqp-dead-letter-reason"]!);
        Assert.Equal(Feed, headers["x-typedamqp-original-exchange"]);
        Assert.Equal("parcel.sent.eu", headers["x-typedamqp-original-routing-key"]);
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(Inbox)).MessageCount); // accepted after republishing
    }

    [RabbitMq4Fact]
    public async Task A_publish_reaches_a_queue_by_its_neutral_address_and_by_a_bare_AMQP_1_0_address_and_0_9_1_refuses_the_bare_one_by_name()
    {
        IMessagePublisher publisher = Messaging;
        var byQueue = new ParcelSent(Guid.NewGuid(), "queue", 1);
        var byAddress = new ParcelSent(Guid.NewGuid(), "address", 2);
        var byExchange = new ParcelSent(Guid.NewGuid(), "exchange", 3);
        await publisher.PublishAsync(MessageAddress.Queue(Inbox), ParcelSentDescriptor, byQueue, null, CancellationToken.None).AsTask().WaitAsync(Timeout);
        await publisher.PublishAsync(MessageAddress.Amqp10("/queues/" + Uri.EscapeDataString(Inbox)), ParcelSentDescriptor, byAddress, null, CancellationToken.None).AsTask().WaitAsync(Timeout);
        await publisher.PublishAsync(MessageAddress.Exchange(Feed, "parcel.sent.eu"), ParcelSentDescriptor, byExchange, null, CancellationToken.None).AsTask().WaitAsync(Timeout);

        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        var arrived = new List<ParcelSent>();
        for (int i = 0; i < 3; i++)
        {
            GetResult? got = null;
            for (var wait = System.Diagnostics.Stopwatch.StartNew(); got is null && wait.Elapsed < Timeout; await Task.Delay(20)) got = await channel.BasicGetAsync(Inbox, autoAck: true);
            Assert.NotNull(got);
            Assert.Equal("it.amqp10.parcel-sent", got.Properties.Type);
            arrived.Add(System.Text.Json.JsonSerializer.Deserialize(got.Body.Span, Typed.IntegrationJson.Default.ParcelSent)!);
        }

        Assert.Equal([byQueue, byAddress, byExchange], arrived);

        // A bare address to a node that does not exist is refused by the broker and named in the error.
        PublishException refused = await Assert.ThrowsAnyAsync<PublishException>(
            () => publisher.PublishAsync(MessageAddress.Amqp10("/queues/typedamqp.it.no-such-queue"), ParcelSentDescriptor, byQueue, null, CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Contains("AMQP 1.0 address '/queues/typedamqp.it.no-such-queue'", refused.Message);

        // Over 0-9-1 a queue is the default exchange with the queue's name; a bare 1.0 address has no meaning there.
        IMessagePublisher classic = new AmqpMessaging(Classic);
        await classic.PublishAsync(MessageAddress.Queue(Inbox), ParcelSentDescriptor, byQueue, null, CancellationToken.None).AsTask().WaitAsync(Timeout);
        GetResult? overClassic = await channel.BasicGetAsync(Inbox, autoAck: true);
        Assert.NotNull(overClassic);
        Assert.Equal(byQueue, System.Text.Json.JsonSerializer.Deserialize(overClassic.Body.Span, Typed.IntegrationJson.Default.ParcelSent));
        NotSupportedException notOver091 = Assert.Throws<NotSupportedException>(
            () => { _ = classic.PublishAsync(MessageAddress.Amqp10("orders"), ParcelSentDescriptor, byQueue, null, CancellationToken.None); });
        Assert.Contains("AMQP 1.0 address 'orders'", notOver091.Message);
    }

    [RabbitMq4Fact]
    public async Task A_publish_to_a_missing_exchange_fails_and_the_next_publish_goes_through()
    {
        string missing = Broker.UniqueName("amqp10.no-exchange");
        PublishException refused = await Assert.ThrowsAsync<PublishException>(() => ((IMessagePublisher)Messaging).PublishAsync(
            Encoding.UTF8.GetBytes(missing), "key"u8.ToArray(), null, ParcelSentDescriptor, new ParcelSent(Guid.NewGuid(), "eu", 1), null, CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Contains(missing, refused.Message);
        Assert.False(refused.IsReturn, refused.Message); // rejected with amqp:not-found, not released as unroutable

        await Messaging.CreateParcelFeedPublisher().Sent(new ParcelSent(Guid.NewGuid(), "eu", 1)).AsTask().WaitAsync(Timeout);
    }

    [RabbitMq4Fact]
    public async Task Subscribing_to_a_missing_queue_is_refused_naming_the_queue()
    {
        string missing = Broker.UniqueName("amqp10.no-queue");
        Amqp10TopologyException refused = await Assert.ThrowsAsync<Amqp10TopologyException>(
            () => Messaging.SubscribeAsync(missing, 1, 1, (_, _) => ValueTask.CompletedTask, CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.True(refused.IsNotFound, refused.Message);
        Assert.Equal(missing, refused.EntityName);
    }

    [RabbitMq4Fact]
    public async Task A_message_published_over_AMQP_1_0_reaches_a_0_9_1_consumer_with_every_property_and_header()
    {
        var headers = new Dictionary<string, object?>
        {
            ["text"] = "héllo",
            ["int"] = -42,
            ["long"] = long.MaxValue,
            ["bool"] = true,
            ["double"] = 2.5,
            ["binary"] = new byte[] { 1, 2, 3 },
            ["timestamp"] = new AmqpTimestamp(1_764_640_000),
            ["x-custom"] = "x-value",
        };
        var options = new PublishOptions
        {
            MessageId = "message-1",
            CorrelationId = "corr-1",
            ReplyTo = "replies",
            Priority = 4,
            Expiration = TimeSpan.FromMinutes(10),
            Persistent = false,
            Headers = headers,
        };
        var parcel = new ParcelSent(Guid.NewGuid(), "eu", 7);
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await Messaging.CreateParcelFeedPublisher().Sent(parcel, options).AsTask().WaitAsync(Timeout);

        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        GetResult got = await GetAsync(channel, Inbox);
        BasicProperties p = got.Properties;
        Assert.Equal(Feed, got.Exchange);
        Assert.Equal("parcel.sent.eu", got.RoutingKey);
        Assert.Equal("application/json", p.ContentType);
        Assert.Equal("it.amqp10.parcel-sent", p.Type);
        Assert.Equal("message-1", p.MessageId);
        Assert.Equal("corr-1", p.CorrelationId);
        Assert.Equal("replies", p.ReplyTo);
        Assert.Equal((byte)4, p.Priority);
        Assert.Equal("600000", p.Expiration);
        // RabbitMQ gives a non-durable 1.0 message no delivery mode at all on 0-9-1 (which means non-persistent).
        Assert.Null(p.DeliveryMode);
        Assert.InRange(p.Timestamp!.Value.UnixSeconds, before, before + 60);
        // Every header arrives with its value and type, except binary: RabbitMQ 4.0 hands a 1.0 binary application
        // property to 0-9-1 as a long string (type S, not x), which the 0-9-1 client reads as text when it is UTF-8.
        Dictionary<string, object?> received = p.Headers!;
        Assert.Equal("\u0001\u0002\u0003", Assert.IsType<string>(received["binary"]));
        received["binary"] = headers["binary"];
        Assert.Equal(Describe(headers), Describe(received));
        Assert.Equal(parcel, System.Text.Json.JsonSerializer.Deserialize(got.Body.Span, Typed.IntegrationJson.Default.ParcelSent));
    }

    [RabbitMq4Fact]
    public async Task A_message_published_over_0_9_1_reaches_an_AMQP_1_0_subscription_with_every_property_and_header()
    {
        var sent = new BasicProperties
        {
            ContentType = "text/plain",
            ContentEncoding = "utf-8",
            Type = "it.amqp10.raw",
            MessageId = "raw-1",
            CorrelationId = "raw-corr",
            ReplyTo = "raw-replies",
            Priority = 3,
            Expiration = "60000",
            DeliveryMode = DeliveryMode.Persistent,
            Timestamp = new AmqpTimestamp(1_764_640_123),
            AppId = "the-app",
            Headers = new Dictionary<string, object?>
            {
                ["text"] = "héllo",
                ["int"] = -42,
                ["long"] = long.MaxValue,
                ["bool"] = false,
                ["double"] = 0.25,
                ["binary"] = new byte[] { 9, 8 },
                ["timestamp"] = new AmqpTimestamp(1_700_000_000),
                ["x-custom"] = "from-0-9-1",
            },
        };
        var received = new TaskCompletionSource<(BasicProperties Properties, string Exchange, string RoutingKey, string Body, bool Redelivered)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using IMessageSubscription subscription = await Messaging.SubscribeAsync(Inbox, prefetch: 10, concurrency: 1, async (message, token) =>
        {
            received.TrySetResult((message.Properties.ToBasicProperties(), message.Exchange, message.RoutingKey, Encoding.UTF8.GetString(message.Body.Span), message.Redelivered));
            await message.AcceptAsync(token);
        }, CancellationToken.None);

        await using (AmqpChannel channel = await Classic.OpenChannelAsync())
        {
            await channel.ConfirmSelectAsync();
            // Not mandatory: a mandatory confirmed publish carries this client's x-typedamqp-publish-seq header, which any
            // consumer sees, and which is not part of what is compared here.
            await channel.PublishAsync(Feed, "parcel.sent.raw", "raw body"u8.ToArray(), sent, mandatory: false);
        }

        var (p, exchange, routingKey, body, redelivered) = await received.Task.WaitAsync(Timeout);
        Assert.Equal(Feed, exchange);
        Assert.Equal("parcel.sent.raw", routingKey);
        Assert.Equal("raw body", body);
        Assert.False(redelivered);
        Assert.Equal(sent.ContentType, p.ContentType);
        Assert.Equal(sent.ContentEncoding, p.ContentEncoding);
        Assert.Equal(sent.Type, p.Type);
        Assert.Equal(sent.MessageId, p.MessageId);
        Assert.Equal(sent.CorrelationId, p.CorrelationId);
        Assert.Equal(sent.ReplyTo, p.ReplyTo);
        Assert.Equal(sent.Priority, p.Priority);
        Assert.Equal(sent.Expiration, p.Expiration);
        Assert.Equal(sent.DeliveryMode, p.DeliveryMode);
        Assert.Equal(sent.Timestamp, p.Timestamp);
        Assert.Equal(sent.AppId, p.AppId);
        Assert.Equal(Describe(sent.Headers), Describe(p.Headers!));
    }

    [RabbitMq4Fact]
    public async Task Settlements_map_to_AMQP_1_0_outcomes_modify_redelivers_counted_and_reject_dead_letters()
    {
        var outcomes = new ConcurrentQueue<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using IMessageSubscription subscription = await Messaging.SubscribeAsync(Inbox, prefetch: 10, concurrency: 1, async (message, token) =>
        {
            string body = Encoding.UTF8.GetString(message.Body.Span);
            outcomes.Enqueue($"{body}:{(message.Redelivered ? "redelivered" : "first")}");
            switch (body)
            {
                case "modify" when !message.Redelivered: await message.ModifyAsync(token); break;
                case "release" when outcomes.Count(o => o.StartsWith("release", StringComparison.Ordinal)) == 1: await message.ReleaseAsync(token); break;
                case "reject": await message.RejectAsync(token); break;
                default: await message.AcceptAsync(token); break;
            }

            if (outcomes.Count == 5) done.TrySetResult();
        }, CancellationToken.None);

        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        await channel.ConfirmSelectAsync();
        foreach (string body in new[] { "modify", "release", "reject" })
        {
            await channel.PublishAsync("", Inbox, Encoding.UTF8.GetBytes(body), new BasicProperties { MessageId = body });
        }

        await done.Task.WaitAsync(Timeout);
        // Modified and released both come back (marked redelivered: RabbitMQ clears first-acquirer); rejected does not.
        Assert.Equal(["modify:first", "modify:redelivered"], outcomes.Where(o => o.StartsWith("modify", StringComparison.Ordinal)));
        Assert.Equal(["release:first", "release:redelivered"], outcomes.Where(o => o.StartsWith("release", StringComparison.Ordinal)));
        Assert.Equal(["reject:first"], outcomes.Where(o => o.StartsWith("reject", StringComparison.Ordinal)));
        GetResult deadLettered = await GetAsync(channel, DeadLetters);
        Assert.Equal("reject", deadLettered.Properties.MessageId);
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(Inbox)).MessageCount);
    }

    [RabbitMq4Fact]
    public async Task On_a_quorum_queue_with_a_delivery_limit_modified_and_released_messages_are_dead_lettered_past_the_limit()
    {
        string queue = Broker.UniqueName("amqp10.quorum");
        await Messaging.DeclareAsync(new TopologyDescription([], [new QueueDeclaration(queue, Durable: true, Arguments: new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = 1,
            ["x-dead-letter-exchange"] = "typedamqp.it.amqp10.parcels.dead",
        })], [])).AsTask().WaitAsync(Timeout);
        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        try
        {
            var seen = new ConcurrentDictionary<string, int>();
            await using IMessageSubscription subscription = await Messaging.SubscribeAsync(queue, prefetch: 10, concurrency: 1, async (message, token) =>
            {
                string body = Encoding.UTF8.GetString(message.Body.Span);
                seen.AddOrUpdate(body, 1, (_, n) => n + 1);
                if (body == "failing") await message.ModifyAsync(token);
                else await message.ReleaseAsync(token);
            }, CancellationToken.None);
            await channel.PublishAsync("", queue, "failing"u8.ToArray(), new BasicProperties { MessageId = "failing" });
            await channel.PublishAsync("", queue, "busy"u8.ToArray(), new BasicProperties { MessageId = "busy" });

            // Modified (delivery-failed) counts against the limit, as intended. RabbitMQ 4.0.5 counts released too
            // (the spec's "not a failure" outcome), so the two arrive alike: once, once more, then dead-lettered.
            string[] deadLettered = [(await GetAsync(channel, DeadLetters)).Properties.MessageId!, (await GetAsync(channel, DeadLetters)).Properties.MessageId!];
            Assert.Equal(["busy", "failing"], deadLettered.Order());
            Assert.Equal(2, seen["failing"]);
            Assert.Equal(2, seen["busy"]);
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    [RabbitMq4Fact]
    public async Task A_handler_that_throws_gets_its_message_once_more_then_the_message_is_dead_lettered()
    {
        int attempts = 0;
        await using IMessageSubscription subscription = await Messaging.SubscribeAsync(Inbox, prefetch: 10, concurrency: 1, (message, token) =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("handler failure");
        }, CancellationToken.None);
        await using AmqpChannel channel = await Classic.OpenChannelAsync();
        await channel.PublishAsync("", Inbox, "poison"u8.ToArray(), new BasicProperties { MessageId = "poison" });

        GetResult deadLettered = await GetAsync(channel, DeadLetters);
        Assert.Equal("poison", deadLettered.Properties.MessageId);
        Assert.Equal(2, Volatile.Read(ref attempts));
    }

    [RabbitMq4Fact]
    public async Task A_subscription_says_why_it_stopped_cancelled_here_or_its_queue_deleted_by_the_broker()
    {
        string cancelledQueue = await DeclareRequestQueueAsync();
        string deletedQueue = await DeclareRequestQueueAsync();
        IMessageSubscription cancelled = await Messaging.SubscribeAsync(cancelledQueue, 1, 1, (_, _) => ValueTask.CompletedTask, CancellationToken.None);
        IMessageSubscription deleted = await Messaging.SubscribeAsync(deletedQueue, 1, 1, (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        await cancelled.CancelAsync().AsTask().WaitAsync(Timeout);
        await using (AmqpChannel channel = await Classic.OpenChannelAsync()) await channel.QueueDeleteAsync(deletedQueue);

        Assert.Equal(ConsumerStopReason.CancelledByClient, await cancelled.Stopped.WaitAsync(Timeout));
        Assert.Equal(ConsumerStopReason.CancelledByBroker, await deleted.Stopped.WaitAsync(Timeout));
        await deleted.DisposeAsync();
    }

    [RabbitMq4Fact]
    public async Task A_queue_declared_with_other_arguments_is_refused_naming_the_queue()
    {
        var conflicting = new TopologyDescription([], [new QueueDeclaration(Inbox, Durable: false, Arguments: new Dictionary<string, object?> { ["x-max-length"] = 5 })], []);

        Amqp10TopologyException refused = await Assert.ThrowsAsync<Amqp10TopologyException>(() => Messaging.DeclareAsync(conflicting).AsTask().WaitAsync(Timeout));
        Assert.True(refused.IsConflict, refused.Message);
        Assert.Equal("queue", refused.EntityKind);
        Assert.Equal(Inbox, refused.EntityName);
        Assert.Contains(Inbox, refused.Message);

        // The management link survives a refusal.
        await Messaging.DeclareAsync(ParcelTopology, TopologyMode.Verify).AsTask().WaitAsync(Timeout);
    }

    [RabbitMq4Fact]
    public async Task An_exchange_of_another_type_and_a_binding_to_a_missing_queue_are_refused_naming_them()
    {
        string missingQueue = Broker.UniqueName("amqp10.no-queue");
        var otherType = new TopologyDescription([new ExchangeDeclaration(Feed, "fanout", Durable: false)], [], []);
        var danglingBinding = new TopologyDescription([], [], [new BindingDeclaration(Feed, missingQueue, DestinationIsExchange: false, "parcel.#")]);

        Amqp10TopologyException exchange = await Assert.ThrowsAsync<Amqp10TopologyException>(() => Messaging.DeclareAsync(otherType).AsTask().WaitAsync(Timeout));
        Amqp10TopologyException binding = await Assert.ThrowsAsync<Amqp10TopologyException>(() => Messaging.DeclareAsync(danglingBinding).AsTask().WaitAsync(Timeout));

        Assert.True(exchange.IsConflict, exchange.Message);
        Assert.Equal(("exchange", Feed), (exchange.EntityKind, exchange.EntityName));
        Assert.Equal("binding", binding.EntityKind);
        Assert.Contains(missingQueue, binding.EntityName);
        Assert.False(binding.StatusCode.StartsWith('2'), binding.Message);
    }

    [RabbitMq4Fact]
    public async Task Verify_mode_finds_the_declared_topology_and_names_a_missing_queue_or_exchange()
    {
        await Messaging.DeclareAsync(ParcelTopology, TopologyMode.Verify).AsTask().WaitAsync(Timeout);
        string missing = Broker.UniqueName("amqp10.missing");

        Amqp10TopologyException queue = await Assert.ThrowsAsync<Amqp10TopologyException>(
            () => Messaging.DeclareAsync(new TopologyDescription([], [new QueueDeclaration(missing)], []), TopologyMode.Verify).AsTask().WaitAsync(Timeout));
        Assert.True(queue.IsNotFound, queue.Message);
        Assert.Equal(("queue", missing), (queue.EntityKind, queue.EntityName));

        Amqp10TopologyException exchange = await Assert.ThrowsAsync<Amqp10TopologyException>(
            () => Messaging.DeclareAsync(new TopologyDescription([new ExchangeDeclaration(missing, "topic")], [], []), TopologyMode.Verify).AsTask().WaitAsync(Timeout));
        Assert.True(exchange.IsNotFound, exchange.Message);
        Assert.Equal(("exchange", missing), (exchange.EntityKind, exchange.EntityName));
    }

    [RabbitMq4Fact]
    public async Task A_request_over_AMQP_1_0_gets_the_reply_of_an_AMQP_1_0_responder_and_its_error()
    {
        string queue = await DeclareRequestQueueAsync();
        await using IMessageSubscription responder = await Messaging.SubscribeAsync(queue, prefetch: 10, concurrency: 1, async (message, token) =>
        {
            ParcelSent asked = System.Text.Json.JsonSerializer.Deserialize(message.Body.Span, Typed.IntegrationJson.Default.ParcelSent)!;
            string? error = asked.Weight < 0 ? "negative weight" : null;
            await Messaging.ReplyAsync(message.Properties.ReplyTo!, message.Properties.CorrelationId!, ParcelSentDescriptor, asked with { Weight = asked.Weight * 2 }, error, token);
            await message.AcceptAsync(token);
        }, CancellationToken.None);
        var parcel = new ParcelSent(Guid.NewGuid(), "eu", 21);

        ParcelSent answer = await RequestAsync(queue, parcel, TimeSpan.FromSeconds(10));
        RequestFailedException failed = await Assert.ThrowsAsync<RequestFailedException>(() => RequestAsync(queue, parcel with { Weight = -1 }, TimeSpan.FromSeconds(10)));

        Assert.Equal(parcel with { Weight = 42 }, answer);
        Assert.Contains("negative weight", failed.Message);
    }

    [RabbitMq4Fact]
    public async Task A_request_over_AMQP_1_0_gets_the_reply_of_a_0_9_1_responder_and_its_error()
    {
        string queue = await DeclareRequestQueueAsync();
        await using var classic = new AmqpMessaging(Classic);
        await using IMessageSubscription responder = await ((IMessageSubscriber)classic).SubscribeAsync(queue, 10, 1, async (message, token) =>
        {
            ParcelSent asked = System.Text.Json.JsonSerializer.Deserialize(message.Body.Span, Typed.IntegrationJson.Default.ParcelSent)!;
            string? error = asked.Weight < 0 ? "negative weight" : null;
            await classic.ReplyAsync(message.Properties.ReplyTo!, message.Properties.CorrelationId!, ParcelSentDescriptor, asked with { Destination = "answered" }, error, token);
            await message.AcceptAsync(token);
        }, CancellationToken.None);
        var parcel = new ParcelSent(Guid.NewGuid(), "us", 3);

        ParcelSent answer = await RequestAsync(queue, parcel, TimeSpan.FromSeconds(10));
        RequestFailedException failed = await Assert.ThrowsAsync<RequestFailedException>(() => RequestAsync(queue, parcel with { Weight = -1 }, TimeSpan.FromSeconds(10)));

        Assert.Equal(parcel with { Destination = "answered" }, answer);
        Assert.Contains("negative weight", failed.Message);
    }

    [RabbitMq4Fact]
    public async Task A_request_nobody_answers_times_out_and_an_unroutable_one_fails_at_once()
    {
        string queue = await DeclareRequestQueueAsync();

        TimeoutException unanswered = await Assert.ThrowsAsync<TimeoutException>(() => RequestAsync(queue, new ParcelSent(Guid.NewGuid(), "eu", 1), TimeSpan.FromMilliseconds(300)));
        PublishException unroutable = await Assert.ThrowsAsync<PublishException>(() => RequestAsync(Broker.UniqueName("amqp10.no-queue"), new ParcelSent(Guid.NewGuid(), "eu", 1), TimeSpan.FromSeconds(10)));

        Assert.Contains("No reply to the 'it.amqp10.parcel-sent' request", unanswered.Message);
        Assert.True(unroutable.IsReturn, unroutable.Message);
    }

    [RabbitMq4Fact]
    public async Task The_generated_request_contract_is_answered_over_AMQP_1_0_by_a_1_0_and_by_a_0_9_1_service()
    {
        var parcel = new ParcelSent(Guid.NewGuid(), "eu", 4);
        IParcelQuotes quotes = Messaging.CreateParcelQuotesPublisher();

        ParcelQuote overOneZero;
        await using (IMessageSubscription service = await Messaging.StartParcelQuoteServiceAsync(new QuoteService(1.5m)))
        {
            overOneZero = await quotes.Quote(parcel).AsTask().WaitAsync(Timeout);
        }

        ParcelQuote overZeroNineOne;
        await using (var classic = new AmqpMessaging(Classic))
        await using (IMessageSubscription service = await classic.StartParcelQuoteServiceAsync(new QuoteService(2m)))
        {
            overZeroNineOne = await quotes.Quote(parcel).AsTask().WaitAsync(Timeout);
        }

        Assert.Equal(new ParcelQuote(parcel.Id, 6m), overOneZero);
        Assert.Equal(new ParcelQuote(parcel.Id, 8m), overZeroNineOne);
    }

    private sealed class QuoteService(decimal pricePerKilo) : IParcelQuoteService
    {
        public ValueTask<ParcelQuote> Handle(ParcelSent parcel, CancellationToken cancellationToken) => ValueTask.FromResult(new ParcelQuote(parcel.Id, parcel.Weight * pricePerKilo));
    }

    /// <summary>A request to <paramref name="queue"/> through the default exchange.</summary>
    private Task<ParcelSent> RequestAsync(string queue, ParcelSent parcel, TimeSpan timeout) =>
        ((IMessagePublisher)Messaging).RequestAsync(
            ReadOnlyMemory<byte>.Empty, Encoding.UTF8.GetBytes(queue), null, ParcelSentDescriptor, parcel, ParcelSentDescriptor, timeout, null, CancellationToken.None).AsTask().WaitAsync(Timeout);

    /// <summary>A queue for requests, declared over AMQP 1.0 and deleted when the broker sees its last consumer go.</summary>
    private async Task<string> DeclareRequestQueueAsync()
    {
        string queue = Broker.UniqueName("amqp10.requests");
        await Messaging.DeclareAsync(new TopologyDescription([], [new QueueDeclaration(queue, Durable: false, AutoDelete: true, Arguments: new Dictionary<string, object?> { ["x-expires"] = 60_000 })], [])).AsTask().WaitAsync(Timeout);
        return queue;
    }

    internal static MessageDescriptor<ParcelSent> ParcelSentDescriptor { get; } = new("it.amqp10.parcel-sent", Typed.IntegrationJson.Default.ParcelSent);

    private static async Task<GetResult> GetAsync(AmqpChannel channel, string queue)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true) is { } result) return result;
            await Task.Delay(50);
        }

        throw new TimeoutException($"nothing arrived in {queue}");
    }

    /// <summary>Headers as "name=type:value" lines, sorted, so values and their .NET types are compared exactly.</summary>
    private static string[] Describe(IReadOnlyDictionary<string, object?>? headers) =>
        (headers ?? new Dictionary<string, object?>())
        .OrderBy(h => h.Key, StringComparer.Ordinal)
        .Select(h => $"{h.Key}={h.Value?.GetType().Name}:{(h.Value is byte[] bytes ? Convert.ToHexString(bytes) : h.Value)}")
        .ToArray();

    private static string[] Describe(Dictionary<string, object?>? headers) => Describe((IReadOnlyDictionary<string, object?>?)headers);

    private sealed record Received(ParcelSent Parcel, string RoutingKey, string Exchange, string MessageType, string? ContentType, string? CorrelationId, Dictionary<string, object?>? Headers, bool Redelivered);

    private sealed class RecordingInbox : IParcelInbox
    {
        private readonly ConcurrentQueue<Received> _received = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public ValueTask Handle(ParcelSent parcel, MessageContext context, CancellationToken cancellationToken)
        {
            _received.Enqueue(new Received(parcel, context.RoutingKey, context.Exchange, context.MessageType, context.Properties.ContentType, context.Properties.CorrelationId, context.Headers, context.Redelivered));
            _arrived.Release();
            return ValueTask.CompletedTask;
        }

        public async Task<IReadOnlyList<Received>> WaitForAsync(int count)
        {
            for (int i = 0; i < count; i++) Assert.True(await _arrived.WaitAsync(Timeout), $"only {i} of {count} messages arrived");
            return _received.ToArray();
        }
    }
}
