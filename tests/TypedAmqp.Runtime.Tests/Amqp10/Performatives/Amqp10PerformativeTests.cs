using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Support;
using static TypedAmqp.Tests.Amqp10.Performatives.Amqp10PerformativeSamples;

namespace TypedAmqp.Tests.Amqp10.Performatives;

public sealed class Amqp10PerformativeTests
{
    private static Amqp10Reader ReaderOf(byte[] bytes) => new(bytes);

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(Amqp10PerformativeSamples))]
    public void Every_performative_with_all_fields_set_reads_back_and_writes_the_same_bytes(string name)
    {
        byte[] encoded = Encode(Writers[name]);
        Assert.Equal(Convert.ToHexString(encoded), Convert.ToHexString(Reencode(name, encoded)));
    }

    [Fact]
    public void An_open_reads_back_every_field_it_was_written_with()
    {
        byte[] encoded = Encode((ref Amqp10Writer w) => Open.Write(ref w));
        Amqp10Reader reader = ReaderOf(encoded);
        Amqp10Open open = Amqp10Open.Read(ref reader);
        Assert.Equal("typedamqp-test", open.ContainerId);
        Assert.Equal("vhost:/", open.Hostname);
        Assert.Equal(65536u, open.MaxFrameSize);
        Assert.Equal((ushort)255, open.ChannelMax);
        Assert.Equal(30000u, open.IdleTimeOut);
        Assert.Equal(["en-US", "de-DE"], open.IncomingLocales!);
        Assert.Equal(["ANONYMOUS-RELAY"], open.OfferedCapabilities!);
        Assert.Equal(Open.Properties, open.Properties);
    }

    [Fact]
    public void An_attach_reads_back_its_role_settle_modes_source_and_target()
    {
        byte[] encoded = Encode((ref Amqp10Writer w) => Attach.Write(ref w));
        Amqp10Reader reader = ReaderOf(encoded);
        Amqp10Attach attach = Amqp10Attach.Read(ref reader);
        Assert.Equal(Amqp10Role.Receiver, attach.Role);
        Assert.Equal(Amqp10SenderSettleMode.Mixed, attach.SenderSettleMode);
        Assert.Equal(Amqp10ReceiverSettleMode.First, attach.ReceiverSettleMode);
        Assert.Equal("/queues/q", attach.Source!.Address);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, attach.Source.DefaultOutcome!.Value.Kind);
        Assert.Equal(["amqp:accepted:list", "amqp:rejected:list"], attach.Source.Outcomes!);
        Assert.Equal("never", attach.Target!.ExpiryPolicy);
        Assert.Equal(7u, attach.InitialDeliveryCount);
        Assert.Equal(1048576ul, attach.MaxMessageSize);
    }

    [Fact]
    public void A_transfer_reads_its_delivery_tag_in_place_and_leaves_the_reader_at_the_payload()
    {
        byte[] encoded = [.. Encode(Writers["transfer"]), 0x00, 0x53, 0x75, 0xa0, 0x01, 0x2a];
        var reader = new Amqp10Reader(encoded);
        Amqp10Transfer transfer = Amqp10Transfer.Read(ref reader);
        Assert.Equal(new byte[] { 1, 2 }, transfer.DeliveryTag.ToArray());
        Assert.True(transfer.More);
        Assert.Equal(Amqp10DeliveryStateKind.Modified, transfer.State!.Value.Kind);
        Assert.True(transfer.State.Value.DeliveryFailed);
        Assert.Equal(encoded.Length - 6, reader.Offset);
    }

    [Fact]
    public void A_flow_with_only_its_mandatory_fields_leaves_the_trailing_nulls_out()
    {
        byte[] encoded = Encode((ref Amqp10Writer w) => new Amqp10Flow { IncomingWindow = 100, NextOutgoingId = 0, OutgoingWindow = 0 }.Write(ref w));
        Assert.Equal("005313C006044052644343", Convert.ToHexString(encoded));
    }

    [Fact]
    public void A_settled_accepted_disposition_writes_a_null_for_the_omitted_last_and_nothing_after_the_state()
    {
        byte[] encoded = Encode((ref Amqp10Writer w) => new Amqp10Disposition
        {
            Role = Amqp10Role.Receiver, First = 5, Settled = true, State = Amqp10DeliveryState.Accepted,
        }.Write(ref w));
        Assert.Equal("005315C00A05415205404100532445", Convert.ToHexString(encoded));
    }

    [Fact]
    public void An_end_and_a_close_without_error_are_empty_lists()
    {
        Assert.Equal("00531745", Convert.ToHexString(Encode((ref Amqp10Writer w) => new Amqp10End().Write(ref w))));
        Assert.Equal("00531845", Convert.ToHexString(Encode((ref Amqp10Writer w) => new Amqp10Close().Write(ref w))));
    }

    [Theory]
    [InlineData("00531045", "the open has no container-id")]
    [InlineData("005311C0020140", "the begin has no next-outgoing-id")]
    [InlineData("005312C00403404342", "the attach has no name")]
    [InlineData("005312C00603A1016E4340", "the attach has no role")]
    [InlineData("005313C003024343", "the flow has no next-outgoing-id")]
    [InlineData("005314C0020140", "the transfer has no handle")]
    [InlineData("005315C003024140", "the disposition has no first")]
    [InlineData("005316C0020140", "the detach has no handle")]
    [InlineData("00531DC0020140", "the error has no condition")]
    [InlineData("005340C0020140", "the sasl-mechanisms has no sasl-server-mechanisms")]
    [InlineData("005344C0020140", "the sasl-outcome has no code")]
    public void A_missing_mandatory_field_is_an_invalid_field_error_naming_it(string hex, string expected)
    {
        byte[] encoded = Convert.FromHexString(hex);
        var error = Assert.Throws<Amqp10ProtocolException>(() =>
        {
            var reader = new Amqp10Reader(encoded);
            var writer = new Amqp10Writer(new byte[4096]);
            ulong code = new Amqp10Reader(encoded).ReadDescriptorCode();
            if (code == Amqp10Descriptors.Error) Amqp10Error.Read(ref reader);
            else Readers[Amqp10Descriptors.NameOf(code)](ref reader, ref writer);
        });
        Assert.Equal(Amqp10Conditions.InvalidField, error.Condition);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_after_the_ones_this_engine_knows_are_ignored()
    {
        // An end with its error and two more fields a later version might add.
        byte[] error = Encode((ref Amqp10Writer w) => new Amqp10Error("amqp:internal-error", "x").Write(ref w));
        byte[] encoded = [0x00, 0x53, 0x17, 0xc0, (byte)(error.Length + 4), 3, .. error, 0x41, 0xa1, 0x00];
        var reader = new Amqp10Reader(encoded);
        Amqp10End end = Amqp10End.Read(ref reader);
        Assert.Equal("amqp:internal-error: x", end.Error!.ToString());
        Assert.True(reader.IsEnd);
    }

    [Fact]
    public void A_null_field_reads_as_absent()
    {
        byte[] encoded = Encode((ref Amqp10Writer w) => new Amqp10Begin { NextOutgoingId = 1, IncomingWindow = 2, OutgoingWindow = 3 }.Write(ref w));
        Assert.Equal("005311C0080440520152025203", Convert.ToHexString(encoded));
        var reader = new Amqp10Reader(encoded);
        Amqp10Begin begin = Amqp10Begin.Read(ref reader);
        Assert.Null(begin.RemoteChannel);
        Assert.Null(begin.HandleMax);
        Assert.Equal(3u, begin.OutgoingWindow);
    }

    [Fact]
    public void Another_descriptor_than_the_performative_s_is_a_decode_error()
    {
        byte[] encoded = Encode((ref Amqp10Writer w) => new Amqp10End().Write(ref w));
        var error = Assert.Throws<Amqp10DecodeException>(() =>
        {
            var reader = new Amqp10Reader(encoded);
            Amqp10Close.Read(ref reader);
        });
        Assert.Contains("expected the descriptor 0x18 (close), found 0x17", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sasl_mechanisms_offered_as_a_single_symbol_read_as_one_mechanism()
    {
        // A list of one element: a3 09 "ANONYMOUS", where an array of symbols is usual.
        byte[] encoded = Convert.FromHexString("005340C00C01A309" + Convert.ToHexString("ANONYMOUS"u8));
        var reader = new Amqp10Reader(encoded);
        Assert.Equal(["ANONYMOUS"], Amqp10SaslMechanisms.Read(ref reader).Mechanisms);
    }

    [Fact]
    public void A_transactional_delivery_state_is_not_implemented_and_says_so()
    {
        // A disposition whose state is declared (0x33): transactions are not supported.
        byte[] encoded = Convert.FromHexString("005315C00D054152014040005333C0020140");
        var error = Assert.Throws<Amqp10ProtocolException>(() =>
        {
            var reader = new Amqp10Reader(encoded);
            Amqp10Disposition.Read(ref reader);
        });
        Assert.Equal(Amqp10Conditions.NotImplemented, error.Condition);
        Assert.Contains("0x33", error.Message, StringComparison.Ordinal);
    }

    [OptimizedBuildFact]
    public void Reading_and_writing_flows_transfers_and_accepted_dispositions_allocates_nothing()
    {
        var buffer = new byte[256];
        long sum = 0;
        long best = long.MaxValue;
        for (int round = 0; round < 6; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (uint i = 0; i < 10_000; i++)
            {
                var writer = new Amqp10Writer(buffer);
                new Amqp10Flow { IncomingWindow = 100, NextOutgoingId = i, OutgoingWindow = 5, Handle = 0, DeliveryCount = i, LinkCredit = 10 }.Write(ref writer);
                new Amqp10Transfer { Handle = 0, DeliveryId = i, HasDeliveryTag = true, DeliveryTag = buffer.AsSpan(200, 4), MessageFormat = 0, Settled = false }.Write(ref writer);
                new Amqp10Disposition { Role = Amqp10Role.Receiver, First = i, Settled = true, State = Amqp10DeliveryState.Accepted }.Write(ref writer);
                var reader = new Amqp10Reader(buffer.AsSpan(0, writer.Written));
                sum += Amqp10Flow.Read(ref reader).LinkCredit!.Value;
                sum += Amqp10Transfer.Read(ref reader).DeliveryTag.Length;
                sum += (int)Amqp10Disposition.Read(ref reader).State!.Value.Kind;
            }

            // The first round warms the JIT up and is not counted.
            if (round > 0) best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(sum > 0);
        Assert.True(best < 10_000, $"flow, transfer and disposition allocated {best / 10_000.0:0.##} B per iteration in the best round");
    }
}
