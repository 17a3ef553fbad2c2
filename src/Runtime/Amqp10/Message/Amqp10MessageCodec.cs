namespace TypedAmqp.Amqp10;

/// <summary>
/// Encodes an <see cref="Amqp10Message"/> as the sections a transfer's payload carries (part 3 section 3.2), and
/// decodes received payload back. Sections are written in the spec's order, each only when set; a section with a
/// symbolic descriptor (none is defined) is skipped on reading.
/// </summary>
internal static class Amqp10MessageCodec
{
    /// <summary>Writes the message's sections; running out of room is the writer's <see cref="ArgumentException"/>.</summary>
    public static void Write(ref Amqp10Writer writer, Amqp10Message message)
    {
        int bodies = (message.Data.HasValue ? 1 : 0) + (message.Value.HasValue ? 1 : 0) + (message.Sequence is not null ? 1 : 0);
        if (bodies != 1)
        {
            throw new ArgumentException("A message needs exactly one body: Data, Value or Sequence.", nameof(message));
        }

        if (message.Sequence is { Count: 0 })
        {
            throw new ArgumentException("A Sequence body has at least one amqp-sequence section.", nameof(message));
        }

        if (message.Header is { } header) WriteHeader(ref writer, header);
        if (message.DeliveryAnnotations is { } deliveryAnnotations)
        {
            writer.WriteDescriptor(Amqp10Descriptors.DeliveryAnnotations);
            Amqp10Fields.WriteMapOrNull(ref writer, deliveryAnnotations);
        }

        if (message.MessageAnnotations is { } annotations)
        {
            writer.WriteDescriptor(Amqp10Descriptors.MessageAnnotations);
            Amqp10Fields.WriteMapOrNull(ref writer, annotations);
        }

        if (message.Properties is { } properties) WriteProperties(ref writer, properties);
        if (message.ApplicationProperties is { } applicationProperties)
        {
            writer.WriteDescriptor(Amqp10Descriptors.ApplicationProperties);
            Amqp10Compound map = writer.BeginMap();
            foreach ((string key, Amqp10Value value) in applicationProperties)
            {
                writer.WriteString(key);
                Amqp10ValueCodec.Write(ref writer, value);
            }

            writer.EndMap(map);
        }

        if (message.Data is { } data)
        {
            writer.WriteDescriptor(Amqp10Descriptors.Data);
            writer.WriteBinary(data.Span);
        }
        else if (message.Value is { } value)
        {
            writer.WriteDescriptor(Amqp10Descriptors.AmqpValue);
            Amqp10ValueCodec.Write(ref writer, value);
        }
        else
        {
            foreach (Amqp10Value section in message.Sequence!)
            {
                if (section.Type != Amqp10Type.List)
                {
                    throw new ArgumentException($"Each amqp-sequence section is a list, not a {Amqp10Value.TypeName(section.Type)}.", nameof(message));
                }

                writer.WriteDescriptor(Amqp10Descriptors.AmqpSequence);
                Amqp10ValueCodec.Write(ref writer, section);
            }
        }

        if (message.Footer is { } footer)
        {
            writer.WriteDescriptor(Amqp10Descriptors.Footer);
            Amqp10Fields.WriteMapOrNull(ref writer, footer);
        }
    }

    /// <summary>The most bytes <see cref="Write"/> may need beyond the body and the strings, for sizing a buffer.</summary>
    public static int EstimateSize(Amqp10Message message)
    {
        int size = 512 + (message.Data?.Length ?? 0);
        if (message.Value is not null || message.Sequence is not null || message.MessageAnnotations is not null || message.ApplicationProperties is not null
            || message.DeliveryAnnotations is not null || message.Footer is not null)
        {
            size += 4096;
        }

        if (message.Properties is { } p)
        {
            size += 4 * ((p.To?.Length ?? 0) + (p.Subject?.Length ?? 0) + (p.ReplyTo?.Length ?? 0) + (p.ContentType?.Length ?? 0)
                + (p.ContentEncoding?.Length ?? 0) + (p.GroupId?.Length ?? 0) + (p.ReplyToGroupId?.Length ?? 0)) + (p.UserId?.Length ?? 0) + 1024;
        }

        return size;
    }

    public static Amqp10Message Read(ReadOnlySpan<byte> payload)
    {
        var reader = new Amqp10Reader(payload);
        var message = new Amqp10Message();
        byte[]? data = null;
        List<Amqp10Value>? sequence = null;
        while (!reader.IsEnd)
        {
            long at = reader.Offset;
            Amqp10Reader peek = reader;
            peek.ReadDescribedConstructor();
            if (peek.PeekType() != Amqp10Type.ULong)
            {
                reader.Skip(); // a section with a symbolic descriptor: none is defined, so it is passed over
                continue;
            }

            ulong code = peek.ReadULong();
            switch (code)
            {
                case Amqp10Descriptors.Header:
                    message.Header = ReadHeader(ref reader);
                    break;
                case Amqp10Descriptors.MessageAnnotations:
                    reader = peek;
                    message.MessageAnnotations = Amqp10Fields.ReadMapOrNull(ref reader);
                    break;
                case Amqp10Descriptors.Properties:
                    message.Properties = ReadProperties(ref reader);
                    break;
                case Amqp10Descriptors.ApplicationProperties:
                    reader = peek;
                    message.ApplicationProperties = ReadApplicationProperties(ref reader);
                    break;
                case Amqp10Descriptors.Data:
                    reader = peek;
                    ReadOnlySpan<byte> section = reader.ReadBinary();
                    data = data is null ? section.ToArray() : [.. data, .. section];
                    break;
                case Amqp10Descriptors.AmqpValue:
                    reader = peek;
                    message.Value = Amqp10ValueCodec.Read(ref reader);
                    break;
                case Amqp10Descriptors.DeliveryAnnotations:
                    reader = peek;
                    message.DeliveryAnnotations = Amqp10Fields.ReadMapOrNull(ref reader);
                    break;
                case Amqp10Descriptors.AmqpSequence:
                    reader = peek;
                    long listAt = reader.Offset;
                    Amqp10Value list = Amqp10ValueCodec.Read(ref reader);
                    if (list.Type != Amqp10Type.List) throw new Amqp10DecodeException($"an amqp-sequence section holds a list, not a {Amqp10Value.TypeName(list.Type)}", listAt);
                    (sequence ??= []).Add(list);
                    break;
                case Amqp10Descriptors.Footer:
                    reader = peek;
                    message.Footer = Amqp10Fields.ReadMapOrNull(ref reader);
                    break;
                default:
                    throw new Amqp10DecodeException($"0x{code:x} is not a message section", at);
            }
        }

        if (data is not null) message.Data = data;
        if (sequence is not null) message.Sequence = sequence;
        return message;
    }

    private static void WriteHeader(ref Amqp10Writer writer, Amqp10Header header)
    {
        int count = Amqp10Fields.Count([header.Durable.HasValue, header.Priority.HasValue, header.Ttl.HasValue, header.FirstAcquirer.HasValue, header.DeliveryCount.HasValue]);
        writer.WriteDescriptor(Amqp10Descriptors.Header);
        Amqp10Compound list = writer.BeginList();
        if (count > 0) Amqp10Fields.WriteBooleanOrNull(ref writer, header.Durable);
        if (count > 1) Amqp10Fields.WriteUByteOrNull(ref writer, header.Priority);
        if (count > 2) Amqp10Fields.WriteUIntOrNull(ref writer, header.Ttl);
        if (count > 3) Amqp10Fields.WriteBooleanOrNull(ref writer, header.FirstAcquirer);
        if (count > 4) Amqp10Fields.WriteUIntOrNull(ref writer, header.DeliveryCount);
        writer.EndList(list);
    }

    private static Amqp10Header ReadHeader(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Header);
        return new Amqp10Header
        {
            Durable = Amqp10Fields.ReadBooleanOrNull(ref f),
            Priority = Amqp10Fields.ReadUByteOrNull(ref f),
            Ttl = Amqp10Fields.ReadUIntOrNull(ref f),
            FirstAcquirer = Amqp10Fields.ReadBooleanOrNull(ref f),
            DeliveryCount = Amqp10Fields.ReadUIntOrNull(ref f),
        };
    }

    private static void WriteProperties(ref Amqp10Writer writer, Amqp10Properties p)
    {
        int count = Amqp10Fields.Count([
            p.MessageId.HasValue, p.UserId is not null, p.To is not null, p.Subject is not null, p.ReplyTo is not null,
            p.CorrelationId.HasValue, p.ContentType is not null, p.ContentEncoding is not null, p.AbsoluteExpiryTime.HasValue,
            p.CreationTime.HasValue, p.GroupId is not null, p.GroupSequence.HasValue, p.ReplyToGroupId is not null]);
        writer.WriteDescriptor(Amqp10Descriptors.Properties);
        Amqp10Compound list = writer.BeginList();
        if (count > 0) WriteId(ref writer, p.MessageId);
        if (count > 1) Amqp10Fields.WriteBinaryOrNull(ref writer, p.UserId);
        if (count > 2) Amqp10Fields.WriteStringOrNull(ref writer, p.To);
        if (count > 3) Amqp10Fields.WriteStringOrNull(ref writer, p.Subject);
        if (count > 4) Amqp10Fields.WriteStringOrNull(ref writer, p.ReplyTo);
        if (count > 5) WriteId(ref writer, p.CorrelationId);
        if (count > 6) Amqp10Fields.WriteSymbolOrNull(ref writer, p.ContentType);
        if (count > 7) Amqp10Fields.WriteSymbolOrNull(ref writer, p.ContentEncoding);
        if (count > 8) WriteTimestampOrNull(ref writer, p.AbsoluteExpiryTime);
        if (count > 9) WriteTimestampOrNull(ref writer, p.CreationTime);
        if (count > 10) Amqp10Fields.WriteStringOrNull(ref writer, p.GroupId);
        if (count > 11) Amqp10Fields.WriteUIntOrNull(ref writer, p.GroupSequence);
        if (count > 12) Amqp10Fields.WriteStringOrNull(ref writer, p.ReplyToGroupId);
        writer.EndList(list);
    }

    private static Amqp10Properties ReadProperties(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Properties);
        return new Amqp10Properties
        {
            MessageId = ReadIdOrNull(ref f),
            UserId = Amqp10Fields.ReadBinaryOrNull(ref f),
            To = Amqp10Fields.ReadStringOrNull(ref f),
            Subject = Amqp10Fields.ReadStringOrNull(ref f),
            ReplyTo = Amqp10Fields.ReadStringOrNull(ref f),
            CorrelationId = ReadIdOrNull(ref f),
            ContentType = Amqp10Fields.ReadSymbolOrNull(ref f),
            ContentEncoding = Amqp10Fields.ReadSymbolOrNull(ref f),
            AbsoluteExpiryTime = Amqp10Fields.Present(ref f) ? f.ReadTimestamp() : null,
            CreationTime = Amqp10Fields.Present(ref f) ? f.ReadTimestamp() : null,
            GroupId = Amqp10Fields.ReadStringOrNull(ref f),
            GroupSequence = Amqp10Fields.ReadUIntOrNull(ref f),
            ReplyToGroupId = Amqp10Fields.ReadStringOrNull(ref f),
        };
    }

    private static Dictionary<string, Amqp10Value> ReadApplicationProperties(ref Amqp10Reader reader)
    {
        Amqp10Reader map = reader.ReadMap();
        var properties = new Dictionary<string, Amqp10Value>(map.Count / 2, StringComparer.Ordinal);
        while (!map.IsEnd)
        {
            string key = map.ReadString();
            properties[key] = Amqp10ValueCodec.Read(ref map);
        }

        return properties;
    }

    /// <summary>A message or correlation id: only ulong, uuid, binary and string are allowed (part 3 section 3.2.4).</summary>
    private static void WriteId(ref Amqp10Writer writer, Amqp10Value? id)
    {
        if (id is not { } value)
        {
            writer.WriteNull();
            return;
        }

        if (value.Type is not (Amqp10Type.ULong or Amqp10Type.Uuid or Amqp10Type.Binary or Amqp10Type.String))
        {
            throw new ArgumentException($"A message or correlation id is a ulong, uuid, binary or string, not a {Amqp10Value.TypeName(value.Type)}.", nameof(id));
        }

        Amqp10ValueCodec.Write(ref writer, value);
    }

    private static Amqp10Value? ReadIdOrNull(ref Amqp10Reader fields) =>
        Amqp10Fields.Present(ref fields) ? Amqp10ValueCodec.Read(ref fields) : null;

    private static void WriteTimestampOrNull(ref Amqp10Writer writer, Amqp10Timestamp? value)
    {
        if (value is { } v) writer.WriteTimestamp(v);
        else writer.WriteNull();
    }
}
