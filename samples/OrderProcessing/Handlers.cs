using TypedAmqp.Messaging;

namespace OrderProcessing;

/// <summary>Counts what the sample's handlers did, so the demo can print it and stop when everything settled.</summary>
public sealed class Progress
{
    private int _fulfilled;
    private int _failedAttempts;

    public TaskCompletionSource AllFulfilled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Fulfilled => Volatile.Read(ref _fulfilled);

    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    public int Expected { get; set; }

    public void OnFulfilled()
    {
        if (Interlocked.Increment(ref _fulfilled) == Expected) AllFulfilled.TrySetResult();
    }

    public void OnFailedAttempt() => Interlocked.Increment(ref _failedAttempts);
}

/// <summary>Fulfils orders; SKU "BROKEN" always fails, to show retries and dead-lettering.</summary>
public sealed class Fulfilment(Progress progress, ILogger<Fulfilment> logger) : IFulfilment
{
    public async ValueTask Handle(OrderPlaced order, MessageContext context, CancellationToken cancellationToken)
    {
        if (order.Sku == "BROKEN")
        {
            progress.OnFailedAttempt();
            throw new InvalidOperationException($"SKU {order.Sku} cannot be fulfilled");
        }

        await Task.Delay(20, cancellationToken);
        logger.LogInformation("Fulfilled order {OrderId}: {Quantity} x {Sku} for {Region} (routing key {RoutingKey})", order.OrderId, order.Quantity, order.Sku, order.Region, context.RoutingKey);
        progress.OnFulfilled();
    }
}

/// <summary>Answers quote requests.</summary>
public sealed class PricingService : IPricingService
{
    public ValueTask<Quote> Handle(QuoteRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Quote(request.Sku, request.Quantity, request.Quantity * 9.99m));
}
