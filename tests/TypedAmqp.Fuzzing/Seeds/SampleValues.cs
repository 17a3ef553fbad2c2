using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;

namespace TypedAmqp.Fuzzing.Seeds;

/// <summary>Properties, headers and tables that hold every field type the runtime reads, for the seeds.</summary>
internal static class SampleValues
{
    /// <summary>What a RabbitMQ node announces in connection.start, nested capabilities table included.</summary>
    public static Dictionary<string, object?> ServerProperties => new()
    {
        ["capabilities"] = new Dictionary<string, object?>
        {
            ["publisher_confirms"] = true,
            ["exchange_exchange_bindings"] = true,
            ["basic.nack"] = true,
            ["consumer_cancel_notify"] = true,
            ["connection.blocked"] = true,
            ["authentication_failure_close"] = true,
            ["per_consumer_qos"] = true,
        },
        ["cluster_name"] = "rabbit@fuzz",
        ["product"] = "RabbitMQ",
        ["version"] = "3.13.7",
    };

    /// <summary>One value of every field type: t b B s u I i l f d D S x T F A V.</summary>
    public static Dictionary<string, object?> EveryFieldType => new()
    {
        ["bool"] = true,
        ["sbyte"] = (sbyte)-5,
        ["byte"] = (byte)200,
        ["short"] = (short)-300,
        ["ushort"] = (ushort)60000,
        ["int"] = -70000,
        ["uint"] = 4000000000u,
        ["long"] = -5000000000L,
        ["float"] = 1.5f,
        ["double"] = -2.25,
        ["decimal"] = -1.5m,
        ["string"] = "héllo",
        ["bytes"] = new byte[] { 0, 1, 0xFE, 0xFF },
        ["timestamp"] = new AmqpTimestamp(1_700_000_000),
        ["table"] = new Dictionary<string, object?> { ["inner"] = "x", ["deeper"] = new Dictionary<string, object?> { ["n"] = 1 } },
        ["array"] = new List<object?> { 1, "two", null, new List<object?> { 3L } },
        ["void"] = null,
        ["x-death"] = new List<object?> { new Dictionary<string, object?> { ["count"] = 2L, ["queue"] = "work", ["reason"] = "rejected" } },
    };

    /// <summary>All fourteen basic properties set.</summary>
    public static BasicProperties FullProperties => new()
    {
        ContentType = "application/json",
        ContentEncoding = "gzip",
        Headers = EveryFieldType,
        DeliveryMode = DeliveryMode.Persistent,
        Priority = 5,
        CorrelationId = "corr-1",
        ReplyTo = "amq.rabbitmq.reply-to",
        Expiration = "60000",
        MessageId = "m-1",
        Timestamp = new AmqpTimestamp(1_700_000_000),
        Type = "order.created",
        UserId = "guest",
        AppId = "fuzz",
        ClusterId = "c1",
    };

    /// <summary>What typed publishers send: a type, a content type and a small header table.</summary>
    public static BasicProperties TypedProperties => new()
    {
        ContentType = "application/json",
        Type = "ticks",
        MessageId = "AAAAAAAAAAAAAAAAAAAAAA",
        Headers = new Dictionary<string, object?> { ["tenant"] = "eu" },
    };

    /// <summary>A field table's content (no length prefix), as a body, for the decoder to read as a table.</summary>
    public static byte[] EncodedTableContent()
    {
        Dictionary<string, object?> table = EveryFieldType;
        var bytes = new byte[FieldTableCodec.GetTableSize(table)];
        int written = FieldTableCodec.WriteTable(bytes, table);
        return bytes.AsSpan(4, written - 4).ToArray();
    }

    public static byte[] JsonBody => "{\"OrderId\":42,\"Lines\":[{\"Sku\":\"A-1\",\"Quantity\":3}]}"u8.ToArray();
}
