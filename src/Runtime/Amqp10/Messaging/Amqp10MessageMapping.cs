using System.Globalization;
using System.Text;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A typed message's properties as an AMQP 1.0 message and back, mapped the way RabbitMQ 4 converts between its 1.0
/// and 0-9-1 sides, so a message crossing protocols keeps every property (docs/amqp10.md, "Generated contracts over
/// AMQP 1.0", has the table).
/// </summary>
internal static class Amqp10MessageMapping
{
    /// <summary>The message annotation RabbitMQ maps to and from the 0-9-1 <c>type</c> property.</summary>
    public const string TypeAnnotation = "x-basic-type";

    /// <summary>The annotations RabbitMQ adds to every message it delivers over 1.0: where it was published.</summary>
    public const string ExchangeAnnotation = "x-exchange";

    public const string RoutingKeyAnnotation = "x-routing-key";

    private const int MaxShortString = 255;

    /// <summary>The 1.0 message for <paramref name="properties"/> and <paramref name="body"/>, addressed to <paramref name="to"/>.</summary>
    public static Amqp10Message ToAmqp10(in MessagePropertyValues properties, ReadOnlyMemory<byte> body, string to)
    {
        var header = new Amqp10Header
        {
            Durable = properties.Persistent == true,
            Priority = properties.Priority,
            Ttl = properties.TimeToLive is { } ttl ? checked((uint)ttl.TotalMilliseconds) : null,
        };
        var message = new Amqp10Message
        {
            Header = header,
            MessageAnnotations = properties.Type is { } type
                ? Amqp10Value.Map(Amqp10Value.Symbol(TypeAnnotation), Amqp10Value.String(type))
                : null,
            Properties = new Amqp10Properties
            {
                MessageId = properties.EffectiveMessageId is { } messageId ? Amqp10Value.String(messageId) : null,
                UserId = properties.UserId is { } userId ? Encoding.UTF8.GetBytes(userId) : null,
                To = to,
                ReplyTo = properties.ReplyTo,
                CorrelationId = properties.CorrelationId is { } correlationId ? Amqp10Value.String(correlationId) : null,
                ContentType = properties.ContentType,
                ContentEncoding = properties.ContentEncoding,
                CreationTime = properties.Timestamp is { } timestamp ? new Amqp10Timestamp(timestamp.ToUnixTimeSeconds() * 1000) : null, // whole seconds, as over 0-9-1
                GroupId = properties.AppId, // RabbitMQ's own mapping of 0-9-1 app-id
            },
            Data = body,
        };
        if (properties.Headers is { Count: > 0 } headers)
        {
            message.ApplicationProperties = new Dictionary<string, Amqp10Value>(headers.Count, StringComparer.Ordinal);
            foreach (KeyValuePair<string, object?> entry in headers)
            {
                message.ApplicationProperties[entry.Key] = Amqp10HeaderValues.ToAmqp10(entry.Key, entry.Value, allowCompound: false);
            }
        }

        return message;
    }

    /// <summary>
    /// The neutral properties of a received 1.0 message. Headers are its application properties plus its <c>x-</c>
    /// message annotations (where RabbitMQ puts the <c>x-</c> headers of a message published over 0-9-1), except the
    /// ones that are properties here (<c>x-basic-type</c>) or where it was published (<c>x-exchange</c>,
    /// <c>x-routing-key</c>). A string a 0-9-1 property cannot hold (over 255 bytes) is left out, as RabbitMQ does.
    /// </summary>
    public static MessagePropertyValues FromAmqp10(Amqp10Message message)
    {
        Amqp10Properties? p = message.Properties;
        Amqp10Header? header = message.Header;
        var properties = new MessagePropertyValues
        {
            ContentType = ShortString(p?.ContentType),
            ContentEncoding = ShortString(p?.ContentEncoding),
            // As RabbitMQ gives a 0-9-1 consumer the same message: durable is persistent, anything else not said.
            Persistent = header?.Durable == true ? true : null,
            Priority = header?.Priority,
            TimeToLive = header?.Ttl is { } ttl ? TimeSpan.FromMilliseconds(ttl) : null,
            MessageId = IdText(p?.MessageId),
            CorrelationId = IdText(p?.CorrelationId),
            ReplyTo = ShortString(p?.ReplyTo),
            Timestamp = p?.CreationTime is { } created && created.TryGetDateTimeOffset(out DateTimeOffset time) ? time : null,
            UserId = p?.UserId is { } userId ? ShortString(Utf8OrNull(userId)) : null,
            AppId = ShortString(p?.GroupId),
            Type = ShortString(AnnotationText(message, TypeAnnotation)),
        };
        Dictionary<string, object?>? headers = null;
        if (message.ApplicationProperties is { } applicationProperties)
        {
            headers = new Dictionary<string, object?>(applicationProperties.Count, StringComparer.Ordinal);
            foreach (KeyValuePair<string, Amqp10Value> entry in applicationProperties) headers[entry.Key] = Amqp10HeaderValues.FromAmqp10(entry.Value);
        }

        if (message.MessageAnnotations is { Type: Amqp10Type.Map } annotations)
        {
            Amqp10Value[] entries = annotations.AsElements;
            for (int i = 0; i + 1 < entries.Length; i += 2)
            {
                if (entries[i].Type != Amqp10Type.Symbol) continue;
                string key = entries[i].AsText;
                if (!key.StartsWith("x-", StringComparison.Ordinal) || key is TypeAnnotation or ExchangeAnnotation or RoutingKeyAnnotation) continue;
                headers ??= new Dictionary<string, object?>(StringComparer.Ordinal);
                headers[key] = Amqp10HeaderValues.FromAmqp10(entries[i + 1]);
            }
        }

        properties.Headers = headers;
        return properties;
    }

    /// <summary>
    /// The body's bytes: a data section as it is; an amqp-value that is a binary or a string gives its bytes; other
    /// values have no bytes to hand over (empty).
    /// </summary>
    public static ReadOnlyMemory<byte> BodyOf(Amqp10Message message) => message.Data ?? (message.Value switch
    {
        { Type: Amqp10Type.Binary } binary => binary.AsBinary,
        { Type: Amqp10Type.String } text => Encoding.UTF8.GetBytes(text.AsText),
        _ => ReadOnlyMemory<byte>.Empty,
    });

    /// <summary>A string-valued message annotation, or null.</summary>
    public static string? AnnotationText(Amqp10Message message, string key)
    {
        if (message.MessageAnnotations is not { Type: Amqp10Type.Map } annotations) return null;
        Amqp10Value[] entries = annotations.AsElements;
        for (int i = 0; i + 1 < entries.Length; i += 2)
        {
            if (entries[i].Type == Amqp10Type.Symbol && entries[i].AsText == key)
            {
                return entries[i + 1].Type is Amqp10Type.String or Amqp10Type.Symbol ? entries[i + 1].AsText : null;
            }
        }

        return null;
    }

    /// <summary>
    /// A message or correlation id as 0-9-1 text, as RabbitMQ converts it: a string as itself, a ulong in decimal, a
    /// uuid as <c>urn:uuid:…</c>; a binary id has no 0-9-1 form (RabbitMQ moves it to a header) and is left out.
    /// </summary>
    public static string? IdText(Amqp10Value? id) => id switch
    {
        { Type: Amqp10Type.String } text => ShortString(text.AsText),
        { Type: Amqp10Type.ULong } number => number.AsUnsigned.ToString(CultureInfo.InvariantCulture),
        { Type: Amqp10Type.Uuid } uuid => "urn:uuid:" + uuid.AsUuid.ToString("D"),
        _ => null,
    };

    private static string? ShortString(string? text) =>
        text is not null && Encoding.UTF8.GetByteCount(text) <= MaxShortString ? text : null;

    private static string? Utf8OrNull(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
