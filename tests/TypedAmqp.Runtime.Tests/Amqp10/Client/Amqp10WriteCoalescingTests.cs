using System.Runtime.CompilerServices;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Amqp10.Connection;

namespace TypedAmqp.Tests.Amqp10.Client;

/// <summary>
/// Frames of a burst are flushed together, later, by a flush scheduled on the thread pool: nothing written is left in
/// the client's buffer, whether the burst ends, a lone frame follows a pause, or sends queue behind each other.
/// </summary>
public sealed class Amqp10WriteCoalescingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Reads frames until <paramref name="count"/> transfers have come, skipping empty frames.</summary>
    private static async Task ReadTransfersAsync(ScriptedAmqp10Peer peer, int count)
    {
        var heartbeats = new StrongBox<int>();
        for (int read = 0; read < count;)
        {
            byte[] frame = await peer.TryReadFrameAsync(heartbeats) ?? throw new InvalidOperationException($"the client closed after {read} of {count} transfers");
            if (frame.Length > 8) read++;
        }
    }

    [Fact]
    public async Task Every_frame_of_a_burst_of_sends_reaches_the_peer_and_so_does_a_lone_send_after_a_pause()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ScriptedLinks.ConnectAsync(peer, Timeout);
        Amqp10Sender sender = await ScriptedLinks.SettledSenderAsync(peer, client, credit: 1_000_000, Timeout);
        var message = new Amqp10Message { Data = new byte[64] };

        // A settled send completes once written: the burst's last frames wait for the scheduled flush, which must come.
        for (int i = 0; i < 500; i++) await sender.SendAsync(message);
        await ReadTransfersAsync(peer, 500).WaitAsync(Timeout);

        await Task.Delay(20);
        await sender.SendAsync(message);
        await ReadTransfersAsync(peer, 1).WaitAsync(Timeout);

        // Sends from many callers at once queue on the write lock and hand their frames on to each other.
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () => await sender.SendAsync(message)))).WaitAsync(Timeout);
        await ReadTransfersAsync(peer, 200).WaitAsync(Timeout);
    }
}
