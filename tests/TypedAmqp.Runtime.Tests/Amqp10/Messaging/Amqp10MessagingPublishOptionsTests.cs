using System.Net;
using System.Net.Sockets;
using TypedAmqp.Amqp10;
using TypedAmqp.Messaging;
using TypedAmqp.Tests.Amqp10.Connection;
using TypedAmqp.Tests.Client;
using static TypedAmqp.Tests.Amqp10.Client.ScriptedLinks;

namespace TypedAmqp.Tests.Amqp10.Messaging;

/// <summary>
/// The publishing and connecting options of <see cref="Amqp10Messaging"/> against a scripted peer, which shows exactly
/// what went on the wire and when: the bound on publishes awaiting their outcome, publishes without confirms, and the
/// endpoint list.
/// </summary>
public sealed class Amqp10MessagingPublishOptionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly MessageDescriptor<AllocationTick> Descriptor = new("ticks", AllocationJson.Default.AllocationTick);
    private static readonly MessageAddress Queue = MessageAddress.Queue("ticks");

    private static Amqp10MessagingOptions Options(
        int port, int? maxUnconfirmedPublishes = null, bool publisherConfirms = true, IReadOnlyList<AmqpEndpoint>? endpoints = null,
        Func<CancellationToken, ValueTask<IReadOnlyList<AmqpEndpoint>>>? resolver = null) => new()
        {
            Host = "127.0.0.1",
            Port = port,
            AllowPlainWithoutTls = true,
            CloseTimeout = TimeSpan.FromSeconds(1), // the script does not answer the close
            MaxUnconfirmedPublishes = maxUnconfirmedPublishes,
            PublisherConfirms = publisherConfirms,
            Endpoints = endpoints ?? [],
            EndpointResolver = resolver,
        };

    private static async Task<Amqp10Messaging> ConnectAsync(ScriptedAmqp10Peer peer, Amqp10MessagingOptions options)
    {
        Task accepted = peer.AcceptAsync();
        Amqp10Messaging messaging = await Amqp10Messaging.ConnectAsync(options).WaitAsync(Timeout);
        await accepted.WaitAsync(Timeout);
        return messaging;
    }

    private static Task Publish(Amqp10Messaging messaging, int number) =>
        messaging.PublishAsync(Queue, Descriptor, new AllocationTick { Number = number }, options: null, CancellationToken.None).AsTask();

    /// <summary>A port nothing listens on.</summary>
    private static int DeadPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task With_a_bound_of_one_the_second_publish_is_written_only_once_the_first_has_its_outcome()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Messaging messaging = await ConnectAsync(peer, Options(peer.Port, maxUnconfirmedPublishes: 1));
        Task<Amqp10Attach> link = AcceptLinkAsync(peer, channel: 0, peerHandle: 0, credit: 10);
        Task first = Publish(messaging, 1);
        Assert.Equal(Amqp10SenderSettleMode.Unsettled, (await link.WaitAsync(Timeout)).SenderSettleMode);
        Assert.Equal(0u, (await ReadTransferAsync(peer).WaitAsync(Timeout)).DeliveryId);

        // Credit allows it, the bound does not: without the bound the second transfer follows at once.
        Task second = Publish(messaging, 2);
        Task<(uint? DeliveryId, bool? Settled)> next = ReadTransferAsync(peer);
        await Task.Delay(300);
        Assert.False(next.IsCompleted, "the second publish was written while the first awaited its outcome");
        Assert.False(second.IsCompleted);

        await SettleAsync(peer, 0, 0, Amqp10DeliveryState.Accepted);
        await first.WaitAsync(Timeout);
        Assert.Equal(1u, (await next.WaitAsync(Timeout)).DeliveryId);
        await SettleAsync(peer, 0, 1, Amqp10DeliveryState.Accepted);
        await second.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Without_confirms_a_typed_publish_goes_settled_on_a_mixed_link_and_completes_with_no_outcome()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Messaging messaging = await ConnectAsync(peer, Options(peer.Port, publisherConfirms: false));
        Task<Amqp10Attach> link = AcceptLinkAsync(peer, channel: 0, peerHandle: 0, credit: 10);
        Task publish = Publish(messaging, 1);

        // Mixed, not settled: requests and replies on the same link still go unsettled and wait for their outcome.
        Assert.Equal(Amqp10SenderSettleMode.Mixed, (await link.WaitAsync(Timeout)).SenderSettleMode);
        Assert.Equal((0u, (bool?)true), await ReadTransferAsync(peer).WaitAsync(Timeout));
        await publish.WaitAsync(Timeout); // the peer never answers it
    }

    [Fact]
    public async Task A_negative_bound_is_refused_before_connecting()
    {
        ArgumentOutOfRangeException refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Amqp10Messaging.ConnectAsync(Options(1, maxUnconfirmedPublishes: -1)));
        Assert.Contains("MaxUnconfirmedPublishes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_endpoints_are_tried_in_order_past_an_unreachable_one_and_one_without_a_port_takes_the_options_port()
    {
        await using var peer = new ScriptedAmqp10Peer();
        int dead = DeadPort();
        await using (Amqp10Messaging listed = await ConnectAsync(peer, Options(peer.Port, endpoints: [new AmqpEndpoint("127.0.0.1", dead), new AmqpEndpoint("127.0.0.1")])))
        {
            Assert.Equal($"127.0.0.1:{peer.Port}", listed.Endpoint);
        }

        await peer.DropConnectionAsync();
        int calls = 0;
        ValueTask<IReadOnlyList<AmqpEndpoint>> Resolve(CancellationToken _)
        {
            calls++;
            return new ValueTask<IReadOnlyList<AmqpEndpoint>>([new AmqpEndpoint("127.0.0.1", peer.Port)]);
        }

        // The resolver replaces the list (here one dead endpoint) at every connect.
        await using Amqp10Messaging resolved = await ConnectAsync(peer, Options(dead, endpoints: [new AmqpEndpoint("127.0.0.1", dead)], resolver: Resolve));
        Assert.Equal((1, $"127.0.0.1:{peer.Port}"), (calls, resolved.Endpoint));
    }

    [Fact]
    public async Task When_no_endpoint_is_reachable_the_error_names_each_with_its_failure()
    {
        int first = DeadPort(), second = DeadPort();
        AmqpEndpointsUnreachableException error = await Assert.ThrowsAsync<AmqpEndpointsUnreachableException>(
            () => Amqp10Messaging.ConnectAsync(Options(1, endpoints: [new AmqpEndpoint("127.0.0.1", first), new AmqpEndpoint("127.0.0.1", second)])).WaitAsync(Timeout));

        Assert.Equal([new AmqpEndpoint("127.0.0.1", first), new AmqpEndpoint("127.0.0.1", second)], error.Failures.Select(f => f.Endpoint));
        Assert.All(error.Failures, f => Assert.IsType<Amqp10ClosedException>(f.Error));
        Assert.Contains($"127.0.0.1:{first}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{second}", error.Message, StringComparison.Ordinal);
        Assert.True(Amqp10Messaging.IsUnreachable(error)); // so the transport keeps retrying, as for one unreachable broker
    }

    [Theory]
    [InlineData(null, true)] // the socket failed, closed or timed out
    [InlineData(Amqp10Conditions.ConnectionForced, true)] // a node shutting down
    [InlineData(Amqp10Conditions.NotFound, false)] // a missing virtual host: the same on every node
    public void A_connection_closed_without_an_error_or_forced_closed_moves_on_to_the_next_endpoint(string? condition, bool movesOn)
    {
        var closed = new Amqp10ClosedException("connection", "closed instead of opening", condition is null ? null : new Amqp10Error(condition));
        Assert.Equal(movesOn, Amqp10Messaging.IsUnreachable(closed));
        Assert.False(Amqp10Messaging.IsUnreachable(new Amqp10ClosedException("link", "detached", null)));
        Assert.False(Amqp10Messaging.IsUnreachable(new AmqpAuthenticationException("refused")));
    }

    [Fact]
    public async Task A_resolver_that_returns_no_endpoints_is_refused_naming_it()
    {
        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Amqp10Messaging.ConnectAsync(Options(1, resolver: _ => new ValueTask<IReadOnlyList<AmqpEndpoint>>([]))));
        Assert.Equal("The EndpointResolver returned no endpoints to connect to.", error.Message);
    }
}
