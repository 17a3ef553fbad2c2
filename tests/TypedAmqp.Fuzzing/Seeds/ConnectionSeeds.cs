using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Targets;

namespace TypedAmqp.Fuzzing.Seeds;

/// <summary>
/// The connection target's seeds: what a broker sends once the client has a confirm channel (1), a consumer
/// ("ctag") and three publishes waiting for their confirms. Deliveries, confirms, returns, closes, heartbeats, flow,
/// cancels and blocks, some cut into reads of 1, 3 or 7 bytes.
/// </summary>
internal static class ConnectionSeeds
{
    public static IReadOnlyList<CorpusEntry> Create()
    {
        const ushort channel = ConnectionScenario.Channel;
        const string tag = ConnectionScenario.ConsumerTag;
        var streams = new List<(string Name, byte[] Stream)>
        {
            ("acks-in-order", new ServerFrames().Ack(channel, 1, false).Ack(channel, 2, false).Ack(channel, 3, false).ToArray()),
            ("ack-multiple", new ServerFrames().Ack(channel, 3, true).ToArray()),
            ("nack-then-acks", new ServerFrames().Nack(channel, 2, false).Ack(channel, 1, false).Ack(channel, 3, false).ToArray()),
            ("deliver-typed", new ServerFrames().Deliver(channel, tag, 1, SampleValues.TypedProperties, SampleValues.JsonBody).Ack(channel, 3, true).ToArray()),
            ("deliver-full-properties", new ServerFrames().Deliver(channel, tag, 1, SampleValues.FullProperties, SampleValues.JsonBody).ToArray()),
            ("deliver-split-body", new ServerFrames().Deliver(channel, tag, 1, SampleValues.TypedProperties, new byte[1000], frameMax: 300).Ack(channel, 3, true).ToArray()),
            ("deliver-empty-body", new ServerFrames().Deliver(channel, tag, 1, null, []).Deliver(channel, tag, 2, null, SampleValues.JsonBody).ToArray()),
            ("deliver-unknown-consumer", new ServerFrames().Deliver(channel, "other", 1, SampleValues.TypedProperties, SampleValues.JsonBody).ToArray()),
            ("return-with-sequence", new ServerFrames().Return(channel, SampleValues.TypedProperties, SampleValues.JsonBody, publishSequence: 2)
                .Ack(channel, 2, false).Ack(channel, 1, false).Ack(channel, 3, false).ToArray()),
            ("channel-close", new ServerFrames().ChannelClose(channel, 406, "PRECONDITION_FAILED - unknown delivery tag 9", 60, 80).ToArray()),
            ("connection-close", new ServerFrames().ConnectionClose(320, "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'").ToArray()),
            ("heartbeats", new ServerFrames().Heartbeat().Ack(channel, 1, false).Heartbeat().Heartbeat().ToArray()),
            ("flow", new ServerFrames().Flow(channel, false).Flow(channel, true).Ack(channel, 3, true).ToArray()),
            ("broker-cancel", new ServerFrames().Cancel(channel, tag, noWait: false).Deliver(channel, tag, 1, null, SampleValues.JsonBody).ToArray()),
            ("blocked-unblocked", new ServerFrames().Blocked("low on memory").Unblocked().Ack(channel, 3, true).ToArray()),
        };

        var seeds = new List<CorpusEntry>();
        foreach ((string name, byte[] stream) in streams) seeds.Add(new CorpusEntry($"{name}.bin", InputLayout.Create(0, stream)));

        // The same traffic once more, ended by the broker's connection.close: the client must still be in step to take it.
        foreach (string name in new[] { "acks-in-order", "deliver-typed", "return-with-sequence", "flow" })
        {
            byte[] stream = streams.First(s => s.Name == name).Stream;
            seeds.Add(new CorpusEntry($"{name}-then-close.bin", InputLayout.Create(InputLayout.EndWithCloseFlag, stream)));
        }

        byte[] busy = new ServerFrames()
            .Deliver(channel, tag, 1, SampleValues.TypedProperties, SampleValues.JsonBody).Ack(channel, 1, false).Heartbeat()
            .Return(channel, null, SampleValues.JsonBody, publishSequence: 2).Ack(channel, 2, false)
            .Deliver(channel, tag, 2, SampleValues.FullProperties, SampleValues.JsonBody).Ack(channel, 3, false).ToArray();
        foreach (byte readSize in new byte[] { 1, 3, 7 }) seeds.Add(new CorpusEntry($"busy-channel-read-{readSize}.bin", InputLayout.Create(readSize, busy)));
        return seeds;
    }
}
