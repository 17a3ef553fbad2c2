using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Messaging;

namespace TypedAmqp.Tests.Messaging;

/// <summary>
/// A content header cut short inside a short-string property (found by the decoder fuzz target): the UTF-8 accessors
/// refuse it with the same protocol error as the string accessors, instead of an index out of range.
/// </summary>
public sealed class TruncatedPropertiesTests
{
    /// <summary>The encoded properties of a header whose <paramref name="flag"/> property is "abcdef", cut <paramref name="cut"/> bytes short.</summary>
    private static MessageProperties CutShort(BasicProperties properties, int cut)
    {
        byte[] buffer = new byte[ContentHeaderCodec.MaxSize(properties)];
        int written = ContentHeaderCodec.Write(buffer, 3, properties);
        return ContentHeaderProperties.Of(buffer.AsMemory(12, written - 12 - cut));
    }

    public static TheoryData<string, int> Cuts => new()
    {
        { "type", 1 }, { "type", 6 }, { "type", 7 },
        { "content-type", 1 }, { "content-type", 7 },
        { "message-id", 2 }, { "message-id", 7 },
        { "correlation-id", 3 }, { "correlation-id", 7 },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public void A_utf8_accessor_on_a_truncated_string_is_a_frame_error(string property, int cut)
    {
        // The property under test is the last one present, so cutting the end cuts into it (7 removes its length too).
        BasicProperties properties = property switch
        {
            "type" => new BasicProperties { ContentType = "text/plain", Type = "abcdef" },
            "content-type" => new BasicProperties { ContentType = "abcdef" },
            "message-id" => new BasicProperties { ContentType = "text/plain", MessageId = "abcdef" },
            _ => new BasicProperties { ContentType = "text/plain", CorrelationId = "abcdef" },
        };
        MessageProperties decoded = CutShort(properties, cut);

        AmqpProtocolException error = Assert.Throws<AmqpProtocolException>(() => property switch
        {
            "type" => decoded.TypeUtf8.Length,
            "content-type" => decoded.ContentTypeUtf8.Length,
            "message-id" => decoded.MessageIdUtf8.Length,
            _ => decoded.CorrelationIdUtf8.Length,
        });
        Assert.Equal(ReplyCode.FrameError, error.ReplyCode);
    }

    [Fact]
    public void A_whole_string_still_reads_without_copying()
    {
        MessageProperties decoded = CutShort(new BasicProperties { ContentType = "text/plain", Type = "abcdef" }, cut: 0);

        Assert.Equal("abcdef"u8.ToArray(), decoded.TypeUtf8.ToArray());
        Assert.Equal("text/plain"u8.ToArray(), decoded.ContentTypeUtf8.ToArray());
        Assert.True(decoded.MessageIdUtf8.IsEmpty);
    }
}
