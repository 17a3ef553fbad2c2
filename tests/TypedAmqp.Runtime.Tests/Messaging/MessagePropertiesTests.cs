using System.Text;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Tests.Messaging;

/// <summary>The neutral properties view over a reader other than 0-9-1's, and the 0-9-1 copy made of such properties.</summary>
public sealed class MessagePropertiesTests
{
    [Fact]
    public void The_default_value_has_no_properties()
    {
        MessageProperties none = default;
        Assert.Null(none.ContentType);
        Assert.Null(none.Headers);
        Assert.Null(none.Persistent);
        Assert.Null(none.TimeToLive);
        Assert.Null(none.Timestamp);
        Assert.True(none.TypeUtf8.IsEmpty);
        Assert.Null(none.ValidateHeaders());
        Assert.Equal("{ }", none.ToString());
    }

    [Fact]
    public void Another_transports_properties_are_read_through_its_reader_and_copied_into_0_9_1_properties()
    {
        var properties = new MessageProperties(new FixedReader(), default);

        Assert.Equal("orders.created", properties.Type);
        Assert.True(properties.TypeUtf8.SequenceEqual("orders.created"u8));
        Assert.Equal("application/json", properties.ContentType);

        BasicProperties copy = properties.ToBasicProperties();
        Assert.Equal("orders.created", copy.Type);
        Assert.Equal("application/json", copy.ContentType);
        Assert.Equal("m-1", copy.MessageId);
        Assert.Equal(DeliveryMode.Persistent, copy.DeliveryMode);
        Assert.Equal((byte)4, copy.Priority);
        Assert.Equal("1500", copy.Expiration);
        Assert.Equal(new AmqpTimestamp(1_700_000_000), copy.Timestamp);
        Assert.Equal("eu", copy.Headers!["region"]);
        Assert.Null(copy.ClusterId);
    }

    /// <summary>A transport that decoded its properties up front: it ignores the bytes.</summary>
    private sealed class FixedReader : MessagePropertiesReader
    {
        public override string? GetString(ReadOnlyMemory<byte> encoded, MessageProperty property) => property switch
        {
            MessageProperty.Type => "orders.created",
            MessageProperty.ContentType => "application/json",
            MessageProperty.MessageId => "m-1",
            _ => null,
        };

        public override ReadOnlySpan<byte> GetUtf8(ReadOnlyMemory<byte> encoded, MessageProperty property) =>
            GetString(encoded, property) is { } text ? Encoding.UTF8.GetBytes(text) : default;

        public override Dictionary<string, object?>? GetHeaders(ReadOnlyMemory<byte> encoded) => new() { ["region"] = "eu" };

        public override string? ValidateHeaders(ReadOnlyMemory<byte> encoded) => null;

        public override bool? GetPersistent(ReadOnlyMemory<byte> encoded) => true;

        public override byte? GetPriority(ReadOnlyMemory<byte> encoded) => 4;

        public override DateTimeOffset? GetTimestamp(ReadOnlyMemory<byte> encoded) => DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        public override TimeSpan? GetTimeToLive(ReadOnlyMemory<byte> encoded) => TimeSpan.FromMilliseconds(1500);
    }
}
