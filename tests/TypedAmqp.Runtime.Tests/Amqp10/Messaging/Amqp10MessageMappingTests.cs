using System.Text;
using TypedAmqp.Buffers;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp10;
using TypedAmqp.Messaging;

namespace TypedAmqp.Tests.Amqp10.Messaging;

public sealed class Amqp10MessageMappingTests
{
    private static MessagePropertyValues Everything() => new()
    {
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        Type = "it.order-placed",
        MessageId = "m-1",
        CorrelationId = "c-1",
        ReplyTo = "replies",
        Priority = 5,
        TimeToLive = TimeSpan.FromSeconds(60),
        Persistent = true,
        Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_764_640_000),
        UserId = "guest",
        AppId = "app",
        Headers = new Dictionary<string, object?>
        {
            ["text"] = "héllo", ["int"] = -1, ["uint"] = 7u, ["long"] = long.MinValue, ["short"] = (short)-3, ["byte"] = (byte)200,
            ["bool"] = true, ["double"] = 0.5, ["float"] = 1.25f, ["binary"] = new byte[] { 1, 2 },
            ["timestamp"] = new AmqpTimestamp(1_700_000_000), ["null"] = null, ["x-custom"] = "x",
        },
    };

    [Fact]
    public void Properties_sent_over_AMQP_1_0_read_back_as_they_were()
    {
        MessagePropertyValues sent = Everything();

        Amqp10Message message = Amqp10MessageMapping.ToAmqp10(sent, "body"u8.ToArray(), "/exchanges/orders/key");
        MessagePropertyValues read = Amqp10MessageMapping.FromAmqp10(Amqp10MessageCodec.Read(Encode(message)));

        Assert.Equal("/exchanges/orders/key", message.Properties!.To);
        Assert.Equal(60_000u, message.Header!.Ttl);
        Assert.Equal(1_764_640_000_000, message.Properties.CreationTime!.Value.Milliseconds);
        Assert.Equal("it.order-placed", Amqp10MessageMapping.AnnotationText(message, "x-basic-type"));
        Assert.Equal(
            (sent.ContentType, sent.ContentEncoding, sent.Type, sent.MessageId, sent.CorrelationId, sent.ReplyTo, sent.Priority, sent.TimeToLive, sent.Persistent, sent.Timestamp, sent.UserId, sent.AppId),
            (read.ContentType, read.ContentEncoding, read.Type, read.MessageId, read.CorrelationId, read.ReplyTo, read.Priority, read.TimeToLive, read.Persistent, read.Timestamp, read.UserId, read.AppId));
        Assert.Equal(Describe(sent.Headers!), Describe(read.Headers!));
    }

    [Fact]
    public void A_non_persistent_message_is_not_durable_and_reads_back_with_no_delivery_mode_as_RabbitMQ_gives_0_9_1()
    {
        Amqp10Message message = Amqp10MessageMapping.ToAmqp10(new MessagePropertyValues { Persistent = false }, default, "/queues/q");

        Assert.False(message.Header!.Durable);
        Assert.Null(Amqp10MessageMapping.FromAmqp10(message).Persistent);
    }

    [Fact]
    public void A_typed_publish_carries_the_same_properties_over_AMQP_1_0_as_over_0_9_1()
    {
        var descriptor = new MessageDescriptor<TypedAmqp.Tests.Client.LimitOrder>("it.order-placed", TypedAmqp.Tests.Client.LimitJson.Default.LimitOrder);
        var options = new PublishOptions { Priority = 3, Expiration = TimeSpan.FromSeconds(30), CorrelationId = "c-9", Persistent = false };
        var generated = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        MessagePropertyValues values = MessagePropertyValues.ForTypedPublish(descriptor, options, generated);

        Amqp10Message over10 = Amqp10MessageMapping.ToAmqp10(values, default, "/queues/q");
        var over091 = new BasicProperties { UserId = "left over from an earlier publish" };
        AmqpMessaging.Fill(over091, descriptor, options, generated);

        Assert.Equal(MessageIds.ToText(generated), over091.EffectiveMessageId);
        Assert.Equal(over091.EffectiveMessageId, over10.Properties!.MessageId!.Value.AsText);
        Assert.Equal(over091.Type, Amqp10MessageMapping.AnnotationText(over10, "x-basic-type"));
        Assert.Equal(over091.ContentType, over10.Properties.ContentType);
        Assert.Equal(over091.CorrelationId, over10.Properties.CorrelationId!.Value.AsText);
        Assert.Equal(over091.Priority, over10.Header!.Priority);
        Assert.Equal(over091.Expiration, over10.Header.Ttl!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DeliveryMode.Transient, over091.DeliveryMode);
        Assert.False(over10.Header.Durable);
        Assert.Equal(over091.Timestamp!.Value.UnixSeconds * 1000, over10.Properties.CreationTime!.Value.Milliseconds);
        Assert.Null(over091.UserId); // every property is written, absent ones as null
    }

    [Fact]
    public void Ids_that_are_not_strings_read_as_RabbitMQ_converts_them_for_0_9_1()
    {
        var uuid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var message = new Amqp10Message { Properties = new Amqp10Properties { MessageId = Amqp10Value.Uuid(uuid), CorrelationId = Amqp10Value.ULong(42) } };

        MessagePropertyValues read = Amqp10MessageMapping.FromAmqp10(message);

        Assert.Equal("urn:uuid:00112233-4455-6677-8899-aabbccddeeff", read.MessageId);
        Assert.Equal("42", read.CorrelationId);
    }

    [Fact]
    public void Received_x_annotations_are_headers_except_the_type_and_where_the_message_was_published()
    {
        var message = new Amqp10Message
        {
            MessageAnnotations = Amqp10Value.Map(
                Amqp10Value.Symbol("x-exchange"), Amqp10Value.String("orders"),
                Amqp10Value.Symbol("x-routing-key"), Amqp10Value.String("key"),
                Amqp10Value.Symbol("x-basic-type"), Amqp10Value.String("t"),
                Amqp10Value.Symbol("x-death-count"), Amqp10Value.Long(3),
                Amqp10Value.Symbol("not-x"), Amqp10Value.String("ignored")),
            ApplicationProperties = new Dictionary<string, Amqp10Value> { ["plain"] = Amqp10Value.Symbol("s") },
        };

        MessagePropertyValues read = Amqp10MessageMapping.FromAmqp10(message);

        Assert.Equal("t", read.Type);
        Assert.Equal(["plain=String:s", "x-death-count=Int64:3"], Describe(read.Headers!));
    }

    [Fact]
    public void A_header_AMQP_1_0_application_properties_cannot_carry_is_refused_naming_it()
    {
        var properties = new MessagePropertyValues { Headers = new Dictionary<string, object?> { ["amount"] = 1.5m } };

        NotSupportedException refused = Assert.Throws<NotSupportedException>(() => Amqp10MessageMapping.ToAmqp10(properties, default, "/queues/q"));

        Assert.Contains("'amount'", refused.Message);
        Assert.Contains("Decimal", refused.Message);
    }

    private static byte[] Encode(Amqp10Message message)
    {
        using Amqp10EncodedMessage encoded = Amqp10EncodedMessage.Encode(message, new SpareBuffers());
        return encoded.Memory.ToArray();
    }

    private static string[] Describe(IReadOnlyDictionary<string, object?> headers) =>
        headers.OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}={h.Value?.GetType().Name}:{(h.Value is byte[] bytes ? Convert.ToHexString(bytes) : h.Value)}")
            .ToArray();

    private static string[] Describe(Dictionary<string, object?> headers) => Describe((IReadOnlyDictionary<string, object?>)headers);
}
