using System.Globalization;
using CsCheck;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Messaging;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Protocol;

public sealed class ContentHeaderCodecTests
{
    [Fact]
    public void Any_property_set_round_trips_through_the_flag_word()
    {
        AmqpGen.Properties.Sample(properties =>
        {
            byte[] buffer = new byte[ContentHeaderCodec.MaxSize(properties)];
            int written = ContentHeaderCodec.Write(buffer, 1234, properties);
            var decoded = ContentHeaderProperties.Of(buffer.AsMemory(12, written - 12));

            Assert.Equal(properties.ContentType, decoded.ContentType);
            Assert.Equal(properties.ContentEncoding, decoded.ContentEncoding);
            if (properties.Headers is null) Assert.Null(decoded.Headers);
            else AmqpGen.AssertSameValue(properties.Headers, decoded.Headers);
            Assert.Equal(properties.Priority, decoded.Priority);
            Assert.Equal(properties.CorrelationId, decoded.CorrelationId);
            Assert.Equal(properties.ReplyTo, decoded.ReplyTo);
            Assert.Equal(properties.MessageId, decoded.MessageId);
            Assert.Equal(properties.Type, decoded.Type);
            Assert.Equal(properties.UserId, decoded.UserId);
            Assert.Equal(properties.AppId, decoded.AppId);

            // The neutral view of what only 0-9-1 writes this way...
            Assert.Equal(properties.DeliveryMode is { } mode ? mode == DeliveryMode.Persistent : null, decoded.Persistent);
            Assert.Equal(
                uint.TryParse(properties.Expiration, NumberStyles.None, CultureInfo.InvariantCulture, out uint milliseconds) ? TimeSpan.FromMilliseconds(milliseconds) : null,
                decoded.TimeToLive);
            Assert.Equal(
                properties.Timestamp is { UnixSeconds: >= -62135596800 and <= 253402300799 } timestamp ? timestamp.ToDateTimeOffset() : null,
                decoded.Timestamp);

            // ...and the 0-9-1 client's own copy keeps it exactly.
            BasicProperties copy = decoded.ToBasicProperties();
            Assert.Equal(properties.DeliveryMode, copy.DeliveryMode);
            Assert.Equal(properties.Expiration, copy.Expiration);
            Assert.Equal(properties.Timestamp, copy.Timestamp);
            Assert.Equal(properties.ClusterId, copy.ClusterId);
        }, iter: 1000);
    }

    [Fact]
    public void Flag_bits_follow_the_spec_order()
    {
        byte[] buffer = new byte[256];
        ContentHeaderCodec.Write(buffer, 5, new BasicProperties { ContentType = "a", ClusterId = "z" });
        Assert.Equal(new byte[] { 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 }, buffer[..12]);
        Assert.Equal(0b1000_0000, buffer[12]);
        Assert.Equal(0b0000_0100, buffer[13]);
    }

    [Fact]
    public void Utf8_accessors_read_without_decoding()
    {
        byte[] buffer = new byte[256];
        int written = ContentHeaderCodec.Write(buffer, 0, new BasicProperties { ContentType = "application/json", Headers = new() { ["x"] = 1 }, Type = "orders.created" });
        var decoded = ContentHeaderProperties.Of(buffer.AsMemory(12, written - 12));
        Assert.True(decoded.TypeUtf8.SequenceEqual("orders.created"u8));
        Assert.True(decoded.ContentTypeUtf8.SequenceEqual("application/json"u8));
        Assert.True(decoded.MessageIdUtf8.IsEmpty);
    }

    [Fact]
    public void A_generated_message_id_goes_out_as_the_guid_in_base64url_and_an_explicit_one_wins()
    {
        var id = Guid.NewGuid();
        var properties = new BasicProperties { ContentType = "application/json", GeneratedMessageId = id };
        byte[] buffer = new byte[ContentHeaderCodec.MaxSize(properties)];
        int written = ContentHeaderCodec.Write(buffer, 0, properties);
        string? onTheWire = ContentHeaderProperties.Of(buffer.AsMemory(12, written - 12)).MessageId;
        Assert.Equal(TypedAmqp.Messaging.MessageIds.ToText(id), onTheWire);
        Assert.Equal(22, onTheWire!.Length);
        Assert.Equal(id, new Guid(System.Buffers.Text.Base64Url.DecodeFromChars(onTheWire), bigEndian: true)); // the GUID's bytes, in RFC order

        properties.MessageId = "explicit-id";
        buffer = new byte[ContentHeaderCodec.MaxSize(properties)];
        written = ContentHeaderCodec.Write(buffer, 0, properties);
        Assert.Equal("explicit-id", ContentHeaderProperties.Of(buffer.AsMemory(12, written - 12)).MessageId);
    }
}
