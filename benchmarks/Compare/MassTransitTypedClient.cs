using System.Diagnostics;
using MassTransit;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Compare;

/// <summary>
/// The typed scenarios with MassTransit 8.5 (the Apache-licensed line, on RabbitMQ.Client 7.2.2), written the way its
/// documentation shows: <c>Publish</c> with publisher confirmation, a receive endpoint with a message handler, and a
/// request client. Exchanges and queues are non-durable and messages persistent, as in TypedAmqp's contracts.
/// </summary>
internal sealed class MassTransitTypedClient : ITypedClientUnderTest
{
    private const string OrdersQueue = "masstransit.compare.orders";
    private const string QueriesQueue = "masstransit.compare.queries";

    private readonly IBusControl _bus;
    private IRequestClient<OrderQuery>? _queries;
    private HostReceiveEndpointHandle? _orders;
    private int _expected;
    private int _received;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MassTransitTypedClient(string uri)
    {
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse(uri);
        _bus = Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.Host(options.Host, (ushort)options.EffectivePort, options.VirtualHost, host =>
            {
                host.Username(options.UserName);
                host.Password(options.Password);
                host.PublisherConfirmation = true;
            });
            bus.Publish<OrderPlaced>(exchange => exchange.Durable = false);
            bus.Publish<OrderQuery>(exchange => exchange.Durable = false);
            bus.ReceiveEndpoint(QueriesQueue, endpoint =>
            {
                endpoint.Durable = false;
                endpoint.PrefetchCount = 100;
                endpoint.Handler<OrderQuery>(context => context.RespondAsync(new OrderStatus(context.Message.OrderId, "accepted", 129.95m)));
            });
        });
    }

    public string Name => "MassTransit 8.5.12";

    public string Queue => OrdersQueue;

    public static async Task<MassTransitTypedClient> ConnectAsync(string uri)
    {
        var client = new MassTransitTypedClient(uri);
        await client._bus.StartAsync();
        client._queries = client._bus.CreateRequestClient<OrderQuery>(new Uri($"queue:{QueriesQueue}?durable=false"), RequestTimeout.After(s: 10));

        // The order endpoint declares its queue and bindings now, then stays stopped so that only ConsumeAsync drains it.
        client._orders = client._bus.ConnectReceiveEndpoint(OrdersQueue, endpoint =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.Durable = false;
            endpoint.PrefetchCount = 1000;
            endpoint.Handler<OrderPlaced>(_ => client.OnOrder());
        });
        await client._orders.Ready;
        await client._orders.ReceiveEndpoint.Stop();
        return client;
    }

    public async Task PublishConfirmedAsync(int count, int inFlight)
    {
        var pending = new Queue<Task>(inFlight);
        for (int i = 0; i < count; i++)
        {
            if (pending.Count == inFlight) await pending.Dequeue();
            pending.Enqueue(_bus.Publish(SampleMessages.Order));
        }

        while (pending.Count > 0) await pending.Dequeue();
    }

    public async Task ConsumeAsync(int count)
    {
        _expected = count;
        _received = 0;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ReceiveEndpointHandle running = _orders!.ReceiveEndpoint.Start();
        await running.Ready;
        await _done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await _orders.ReceiveEndpoint.Stop();
    }

    public async Task<double[]> RequestResponseAsync(int count)
    {
        var latencies = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            _ = await _queries!.GetResponse<OrderStatus>(SampleMessages.Query).WaitAsync(TimeSpan.FromSeconds(15));
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return latencies;
    }

    private Task OnOrder()
    {
        if (Interlocked.Increment(ref _received) == _expected) _done.TrySetResult();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_orders is not null) await _orders.StopAsync();
        await _bus.StopAsync();
    }
}
