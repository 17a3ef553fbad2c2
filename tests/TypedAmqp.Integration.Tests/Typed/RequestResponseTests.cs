using System.Diagnostics;
using System.Text.Json;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Messaging;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Integration.Typed;

/// <summary>Request/response through a generated request method and a generated responder, over direct reply-to.</summary>
public sealed class RequestResponseTests
{
    private sealed class PricingService : IPricingService
    {
        public ValueTask<Price> Handle(PriceQuery query, CancellationToken cancellationToken) =>
            query.Sku == "broken"
                ? throw new InvalidOperationException("no price list for 'broken'")
                : ValueTask.FromResult(new Price(query.Sku, query.Sku.Length * 1.5m));
    }

    /// <summary>Answers only once released.</summary>
    private sealed class StalledPricingService(TaskCompletionSource started, Task release) : IPricingService
    {
        public async ValueTask<Price> Handle(PriceQuery query, CancellationToken cancellationToken)
        {
            started.TrySetResult();
            await release;
            return new Price(query.Sku, 1m);
        }
    }

    [BrokerFact]
    public async Task Requests_get_their_own_replies_errors_come_back_and_silence_times_out()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("request-response-tests");
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        await using IMessageSubscription responder = await messaging.StartPricingServiceAsync(new PricingService());
        IPricing pricing = messaging.CreatePricingPublisher();

        Price[] prices = await Task.WhenAll(new[] { "a", "bb", "ccc", "dddd" }.Select(sku => pricing.GetPrice(new PriceQuery(sku)).AsTask()));
        Assert.Equal([new Price("a", 1.5m), new Price("bb", 3m), new Price("ccc", 4.5m), new Price("dddd", 6m)], prices);

        RequestFailedException failure = await Assert.ThrowsAsync<RequestFailedException>(async () => await pricing.GetPrice(new PriceQuery("broken")));
        Assert.Contains("no price list for 'broken'", failure.Message);
        Assert.Equal("it.price-query", failure.RequestType);

        var timer = Stopwatch.StartNew();
        TimeoutException timeout = await Assert.ThrowsAsync<TimeoutException>(() => pricing.GetPriceFromNobody(new PriceQuery("x")));
        Assert.InRange(timer.ElapsedMilliseconds, 250, 5000);
        Assert.Contains("price.unanswered", timeout.Message);
    }

    [BrokerFact]
    public async Task A_request_no_queue_takes_fails_at_once_instead_of_timing_out()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("request-response-tests");
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        IPricing pricing = messaging.CreatePricingPublisher();

        var timer = Stopwatch.StartNew();
        PublishException refused = await Assert.ThrowsAsync<PublishException>(() => pricing.GetPriceFromNowhere(new PriceQuery("x")));
        Assert.True(refused.IsReturn);
        Assert.Equal(312, refused.ReplyCode); // NO_ROUTE
        Assert.InRange(timer.ElapsedMilliseconds, 0, 5000); // the reply timeout is 10 s
    }

    [BrokerFact]
    public async Task A_reply_the_broker_refuses_is_logged_and_the_request_is_still_acked()
    {
        var logger = new RecordingLogger();
        await using AmqpConnection connection = await Broker.ConnectAsync("request-response-tests");
        await using var messaging = new AmqpMessaging(connection, logger);
        await messaging.DeclareAsync(MessagingTopology.Description);
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        await channel.QueuePurgeAsync("typedamqp.it.pricing.requests");
        await using IMessageSubscription responder = await messaging.StartPricingServiceAsync(new PricingService());

        // A request whose reply-to names no queue: the reply is published, mandatory, and returned.
        var properties = new BasicProperties { ReplyTo = "typedamqp.it.no-such-reply-queue", CorrelationId = "refused-reply-1", Type = "it.price-query" };
        await channel.PublishAsync("typedamqp.it.pricing", "price", JsonSerializer.SerializeToUtf8Bytes(new PriceQuery("a"), IntegrationJson.Default.PriceQuery), properties);

        string? line = null;
        for (var timer = Stopwatch.StartNew(); line is null && timer.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(20))
        {
            line = logger.Lines.FirstOrDefault(l => l.Contains("refused-reply-1", StringComparison.Ordinal));
        }

        Assert.NotNull(line);
        Assert.Contains("could not be delivered", line);
        Assert.Contains("it.price", line);
        Assert.Contains(nameof(PublishException), line);

        // Closing the connection would put an unacked request back in the queue.
        await connection.CloseAsync();
        await using AmqpConnection check = await Broker.ConnectAsync("request-response-tests");
        await using AmqpChannel checkChannel = await check.OpenChannelAsync();
        Assert.Equal(0u, (await checkChannel.QueueDeclarePassiveAsync("typedamqp.it.pricing.requests")).MessageCount);
    }

    [BrokerFact]
    public async Task A_request_whose_connection_is_lost_fails_at_once_instead_of_timing_out()
    {
        string name = $"request-lost-{Guid.NewGuid():N}";
        await using AmqpConnection requesterConnection = await Broker.ConnectAsync(name);
        await using var requester = new AmqpMessaging(requesterConnection);
        await requester.DeclareAsync(MessagingTopology.Description);
        await using AmqpConnection responderConnection = await Broker.ConnectAsync("request-response-tests");
        await using var responderMessaging = new AmqpMessaging(responderConnection);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IMessageSubscription responder = await responderMessaging.StartPricingServiceAsync(new StalledPricingService(started, release.Task));
        try
        {
            Task<Price> request = requester.CreatePricingPublisher().GetPricePatiently(new PriceQuery("stalled")).AsTask();
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(200); // the request's confirm is in: only the reply is awaited now

            var timer = Stopwatch.StartNew();
            await BrokerControl.ForceCloseConnectionAsync(name, "test: requester connection lost");
            AmqpConnectionClosedException lost = await Assert.ThrowsAsync<AmqpConnectionClosedException>(() => request.WaitAsync(TimeSpan.FromSeconds(50)));
            Assert.Equal(320, lost.Reason.ReplyCode); // CONNECTION_FORCED; the reply timeout is 60 s
            Assert.InRange(timer.Elapsed.TotalSeconds, 0, 30);
        }
        finally
        {
            release.TrySetResult(); // the handler answers (to a requester that is gone) and acks the request
            await responder.DisposeAsync();
        }
    }

    [BrokerFact]
    public async Task A_request_the_caller_cancels_fails_with_cancellation_before_its_timeout()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("request-response-tests");
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        IPricing pricing = messaging.CreatePricingPublisher();

        using var cancellation = new CancellationTokenSource();
        Task<Price> request = pricing.GetPriceFromNobody(new PriceQuery("x"), cancellation.Token); // times out after 300 ms
        cancellation.Cancel();

        OperationCanceledException cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
    }

    [BrokerFact]
    public async Task A_requester_continues_off_the_reader_thread_and_one_that_blocks_holds_up_no_other_request()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("request-response-tests");
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using IMessageSubscription responder = await messaging.StartPricingServiceAsync(new StalledPricingService(started, answer.Task));
        IPricing pricing = messaging.CreatePricingPublisher();
        using var release = new ManualResetEventSlim();
        var blocking = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Off the test's synchronization context, as in a service: the continuation runs where the runtime puts it.
        Task<Price> blocked = Task.Run(async () =>
        {
            Price price = await pricing.GetPrice(new PriceQuery("a"));
            blocking.SetResult(Thread.CurrentThread.Name);
            release.Wait(TimeSpan.FromSeconds(30)); // a requester that blocks after its reply, on whatever thread it got
            return price;
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(50); // the requester is awaiting its reply by now: the reply is handed over, not found done
        answer.SetResult();
        Assert.Equal("TypedAmqp continuations", await blocking.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        // The connection's continuation thread is blocked: other replies still arrive, and continue on the pool.
        (Price Price, bool OnPool, string? Thread) next = await Task.Run(async () =>
        {
            Price price = await pricing.GetPrice(new PriceQuery("bb"));
            return (price, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name);
        }).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new Price("bb", 1m), next.Price);
        Assert.True(next.OnPool, $"continued on '{next.Thread}'");
        Assert.False(blocked.IsCompleted);

        release.Set();
        Assert.Equal(new Price("a", 1m), await blocked.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
