using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Seeds;

/// <summary>The decoder's seeds: every kind of frame a broker sends, whole and cut into reads of 1, 3 and 7 bytes.</summary>
internal static class DecoderSeeds
{
    public static IReadOnlyList<CorpusEntry> Create()
    {
        var streams = new List<(string Name, byte[] Stream)>
        {
            ("handshake", new ServerFrames().Start().Tune().OpenOk().ToArray()),
            ("channel-setup", new ServerFrames().ChannelOpenOk(1).ConfirmSelectOk(1).QosOk(1).QueueDeclareOk(1, "work", 3, 1).ConsumeOk(1, "ctag").ToArray()),
            ("deliver-full-properties", new ServerFrames().Deliver(1, "ctag", 1, SampleValues.FullProperties, SampleValues.JsonBody).ToArray()),
            ("deliver-typed", new ServerFrames().Deliver(1, "ctag", 7, SampleValues.TypedProperties, SampleValues.JsonBody).ToArray()),
            ("deliver-no-properties-empty-body", new ServerFrames().Deliver(1, "ctag", 2, null, []).ToArray()),
            ("deliver-split-body", new ServerFrames().Deliver(2, "ctag", 3, SampleValues.TypedProperties, new byte[1000], frameMax: 300).ToArray()),
            ("body-is-a-table", new ServerFrames().Deliver(1, "ctag", 4, null, SampleValues.EncodedTableContent()).ToArray()),
            ("get-ok", new ServerFrames().GetOk(1, 5, SampleValues.FullProperties, SampleValues.JsonBody).ToArray()),
            ("return-with-sequence", new ServerFrames().Return(1, SampleValues.TypedProperties, SampleValues.JsonBody, publishSequence: 3).Ack(1, 3, false).ToArray()),
            ("confirms", new ServerFrames().Ack(1, 1, false).Ack(1, 4, true).Nack(1, 5, false).ToArray()),
            ("cancel-flow", new ServerFrames().Cancel(1, "ctag", noWait: false).CancelOk(1, "ctag").Flow(1, false).Flow(1, true).ToArray()),
            ("closes", new ServerFrames().ChannelClose(1, 406, "PRECONDITION_FAILED - inequivalent arg 'durable'", 50, 10).ChannelCloseOk(1)
                .ConnectionClose(320, "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'").ToArray()),
            ("blocked-heartbeats", new ServerFrames().Heartbeat().Blocked("low on memory").Heartbeat().Unblocked().Heartbeat().ToArray()),
        };

        var seeds = new List<CorpusEntry>();
        foreach ((string name, byte[] stream) in streams)
        {
            seeds.Add(new CorpusEntry($"{name}.bin", InputLayout.Create(0, stream)));
        }

        // The mixed traffic of a busy channel, cut at every byte and at odd sizes, so frames straddle reads everywhere.
        byte[] busy = new ServerFrames()
            .Deliver(1, "ctag", 10, SampleValues.TypedProperties, SampleValues.JsonBody).Ack(1, 1, false).Heartbeat()
            .Deliver(1, "ctag", 11, SampleValues.FullProperties, SampleValues.EncodedTableContent())
            .Return(1, null, SampleValues.JsonBody).Ack(1, 2, true).ToArray();
        foreach (byte readSize in new byte[] { 1, 3, 7 })
        {
            seeds.Add(new CorpusEntry($"busy-channel-read-{readSize}.bin", InputLayout.Create(readSize, busy)));
        }

        return seeds;
    }
}
