using System.Buffers;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Amqp10.Framing;

public sealed class Amqp10ProtocolHeaderTests
{
    [Fact]
    public void The_protocol_headers_are_AMQP_then_id_and_version_one_zero_zero()
    {
        Assert.Equal(new byte[] { 0x41, 0x4d, 0x51, 0x50, 0, 1, 0, 0 }, Amqp10ProtocolHeader.Amqp.ToArray());
        Assert.Equal(new byte[] { 0x41, 0x4d, 0x51, 0x50, 3, 1, 0, 0 }, Amqp10ProtocolHeader.Sasl.ToArray());
    }

    [Fact]
    public void The_expected_header_split_at_every_byte_boundary_is_read_and_passed()
    {
        byte[] bytes = [.. Amqp10ProtocolHeader.Sasl, 0xff];
        for (int segment = 1; segment <= bytes.Length; segment++)
        {
            ReadOnlySequence<byte> buffer = Segments.Split(bytes, segment);
            Assert.True(Amqp10ProtocolHeader.TryRead(ref buffer, Amqp10ProtocolHeader.SaslId));
            Assert.Equal(new byte[] { 0xff }, buffer.ToArray());
        }
    }

    [Fact]
    public void A_partial_header_asks_for_more()
    {
        var buffer = new ReadOnlySequence<byte>(Amqp10ProtocolHeader.Amqp[..7].ToArray());
        Assert.False(Amqp10ProtocolHeader.TryRead(ref buffer, Amqp10ProtocolHeader.AmqpId));
        Assert.Equal(7, buffer.Length);
    }

    [Fact]
    public void A_0_9_1_header_where_1_0_was_expected_names_what_the_peer_sent()
    {
        var buffer = new ReadOnlySequence<byte>("AMQP\u0000\u0000\u0009\u0001"u8.ToArray());
        var error = Assert.Throws<Amqp10ProtocolException>(() => Amqp10ProtocolHeader.TryRead(ref buffer, Amqp10ProtocolHeader.AmqpId));
        Assert.Contains("protocol id 0 version 0.9.1", error.Message, StringComparison.Ordinal);
        Assert.Equal(Amqp10Conditions.FramingError, error.Condition);
    }

    [Fact]
    public void The_plain_header_where_SASL_was_expected_is_refused()
    {
        var buffer = new ReadOnlySequence<byte>(Amqp10ProtocolHeader.Amqp.ToArray());
        var error = Assert.Throws<Amqp10ProtocolException>(() => Amqp10ProtocolHeader.TryRead(ref buffer, Amqp10ProtocolHeader.SaslId));
        Assert.Contains("protocol id 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("peer sent protocol id 0 version 1.0.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_an_AMQP_header_are_shown_in_hex()
    {
        var buffer = new ReadOnlySequence<byte>("HTTP/1.1"u8.ToArray());
        var error = Assert.Throws<Amqp10ProtocolException>(() => Amqp10ProtocolHeader.TryRead(ref buffer, Amqp10ProtocolHeader.AmqpId));
        Assert.Contains("485454502F312E31", error.Message, StringComparison.Ordinal);
    }
}
