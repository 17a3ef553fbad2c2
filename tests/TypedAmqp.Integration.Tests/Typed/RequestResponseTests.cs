using System.Diagnostics;
using TypedAmqp.Generated;
using TypedAmqp.Messaging;

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

    [BrokerFact]
    public async Task Requests_get_their_own_replies_errors_come_back_and_silence_times_out()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("request-response-tests");
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        await using AmqpConsumer responder = await messaging.StartPricingServiceAsync(new PricingService());
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
}
