using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Amqp10.Connection;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Amqp10.Client;

/// <summary>
/// Guards the AMQP 1.0 engine's zero-allocation sends: in steady state, an at-most-once send, and an at-least-once send
/// with 256 awaiting their outcome, allocate nothing through the public client, counted on every thread (a send
/// crosses the caller's flow, the write lock, the read loop and the thread pool). Runs alone, in the 0-9-1 allocation
/// guards' collection, against a scripted peer that drops what it reads, or accepts it.
/// </summary>
[Collection(nameof(TypedAmqp.Tests.Client.AllocationTests))]
public sealed class Amqp10SendAllocationTests
{
    private const int WarmUp = 5_000;
    private const int SendsPerRound = 50_000;
    private const int Rounds = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [OptimizedBuildFact]
    public async Task A_settled_send_allocates_nothing_in_steady_state()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ScriptedLinks.ConnectAsync(peer, Timeout);
        // Credit and a session window that the rounds never use up, so the peer need not answer anything.
        Amqp10Sender sender = await ScriptedLinks.SettledSenderAsync(peer, client, credit: 2_000_000_000, Timeout);
        Task discarding = peer.DiscardAsync();
        var message = new Amqp10Message { Data = new byte[256] };

        for (int i = 0; i < WarmUp; i++) await sender.SendAsync(message);
        double best = double.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < SendsPerRound; i++) await sender.SendAsync(message);
            best = Math.Min(best, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)SendsPerRound);
        }

        // One object per send would be 24 B or more; a round's one-off costs come to a fraction of a byte per send.
        Assert.True(best < 1.0, $"a settled send allocated {best:0.##} B in the best of {Rounds} rounds of {SendsPerRound:N0}");
        await client.DisposeAsync();
        await discarding.WaitAsync(Timeout);
    }

    [OptimizedBuildFact]
    public async Task An_unsettled_send_with_256_in_flight_allocates_nothing_in_steady_state()
    {
        const int InFlight = 256;
        const uint Credit = 128; // as RabbitMQ 4 grants a sender: half the sends in flight wait for their turn
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ScriptedLinks.ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> attaching = ScriptedLinks.AcceptLinkAsync(peer, channel: 0, peerHandle: 0, window: uint.MaxValue);
        Amqp10Sender sender = await client.CreateSenderAsync("/queues/sink").AsTask().WaitAsync(Timeout);
        await attaching.WaitAsync(Timeout);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Flow
        {
            NextIncomingId = 0, IncomingWindow = uint.MaxValue, NextOutgoingId = 0, OutgoingWindow = 100,
            Handle = 0, DeliveryCount = 0, LinkCredit = Credit,
        }.Write(ref w));
        Task accepting = peer.AcceptTransfersAsync(credit: Credit);
        var message = new Amqp10Message { Data = new byte[256] };
        var window = new ValueTask<Amqp10DeliveryState?>[InFlight];
        long sent = 0;
        long accepted = 0; // counted, not asserted one by one: xUnit's Assert.Equal allocates

        async Task SendAsync(int count)
        {
            for (int i = 0; i < count; i++, sent++)
            {
                int slot = (int)(sent % InFlight);
                if (sent >= InFlight && (await window[slot])?.Kind == Amqp10DeliveryStateKind.Accepted) accepted++;
                window[slot] = sender.SendAsync(message);
            }
        }

        await SendAsync(WarmUp);
        double best = double.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await SendAsync(SendsPerRound);
            best = Math.Min(best, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)SendsPerRound);
        }

        for (long i = Math.Max(0, sent - InFlight); i < sent; i++)
        {
            if ((await window[i % InFlight])?.Kind == Amqp10DeliveryStateKind.Accepted) accepted++;
        }

        Assert.Equal(sent, accepted);
        Assert.True(best < 1.0, $"an unsettled send allocated {best:0.##} B in the best of {Rounds} rounds of {SendsPerRound:N0}");
        await client.DisposeAsync();
        await accepting.WaitAsync(Timeout);
    }
}
