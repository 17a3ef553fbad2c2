using System.Buffers;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// Reads the arguments of every method a broker sends, field by field in the order the runtime's handshake, connection
/// and channel read them, with the runtime's own <see cref="AmqpReader"/> (tables through <see cref="FieldTableCodec"/>).
/// The connection target runs the real handlers; this lets the decoder target reach the readers millions of times a
/// minute. A method the client does not know is read no further, as the runtime closes the connection for it.
/// </summary>
internal static class ServerMethodReader
{
    public static void Read(ReadOnlySequence<byte> payload, DecodeTrace trace)
    {
        var reader = new AmqpReader(payload);
        uint id = MethodId.Of(reader.ReadShort(), reader.ReadShort());
        trace.Add(id);
        switch (id)
        {
            case MethodId.ConnectionStart:
                trace.Add(reader.ReadOctet());
                trace.Add(reader.ReadOctet());
                AddTable(reader.ReadTable(), trace);
                trace.Add(reader.ReadLongString());
                trace.Add(reader.ReadLongString());
                break;
            case MethodId.ConnectionSecure:
                trace.Add(reader.ReadLongString());
                break;
            case MethodId.ConnectionTune:
                trace.Add(reader.ReadShort());
                trace.Add(reader.ReadLong());
                trace.Add(reader.ReadShort());
                break;
            case MethodId.ConnectionOpenOk:
                trace.Add(reader.ReadShortString());
                break;
            case MethodId.ConnectionClose:
            case MethodId.ChannelClose:
            {
                CloseReason reason = CloseMethod.Read(ref reader);
                trace.Add(reason.ToString());
                break;
            }
            case MethodId.ConnectionBlocked:
                trace.Add(reader.Remaining > 0 ? reader.ReadShortString() : string.Empty);
                break;
            case MethodId.ChannelOpenOk:
                trace.Add(reader.ReadLongStringBytes().Length);
                break;
            case MethodId.ChannelFlow:
                trace.Add(reader.ReadBit() ? 1 : 0);
                break;
            case MethodId.QueueDeclareOk:
                trace.Add(reader.ReadShortString());
                trace.Add(reader.ReadLong());
                trace.Add(reader.ReadLong());
                break;
            case MethodId.QueuePurgeOk:
            case MethodId.QueueDeleteOk:
                trace.Add(reader.ReadLong());
                break;
            case MethodId.BasicConsumeOk:
                trace.Add(reader.ReadShortString());
                break;
            case MethodId.BasicCancelOk:
                trace.Add(reader.ReadShortStringBytes().ToArray());
                break;
            case MethodId.BasicCancel:
                trace.Add(reader.ReadShortStringBytes().ToArray());
                trace.Add(reader.ReadBit() ? 1 : 0);
                break;
            case MethodId.BasicDeliver:
                trace.Add(reader.ReadShortStringBytes().ToArray());
                trace.Add((long)reader.ReadLongLong());
                trace.Add(reader.ReadBit() ? 1 : 0);
                trace.Add(reader.ReadShortStringBytes().ToArray());
                trace.Add(reader.ReadShortStringBytes().ToArray());
                break;
            case MethodId.BasicReturn:
                trace.Add(reader.ReadShort());
                trace.Add(reader.ReadShortString());
                trace.Add(reader.ReadShortStringBytes().ToArray());
                trace.Add(reader.ReadShortStringBytes().ToArray());
                break;
            case MethodId.BasicGetOk:
                trace.Add((long)reader.ReadLongLong());
                trace.Add(reader.ReadBit() ? 1 : 0);
                trace.Add(reader.ReadShortStringBytes().ToArray());
                trace.Add(reader.ReadShortStringBytes().ToArray());
                trace.Add(reader.ReadLong());
                break;
            case MethodId.BasicAck:
            case MethodId.BasicNack:
                trace.Add((long)reader.ReadLongLong());
                trace.Add(reader.ReadBit() ? 1 : 0);
                break;
            default:
                trace.Add(MethodId.NameOf(id));
                break;
        }
    }

    /// <summary>Folds a decoded table into the trace, nested tables and arrays included, as a consumer reading it would.</summary>
    public static void AddTable(IReadOnlyDictionary<string, object?> table, DecodeTrace trace)
    {
        trace.Add(table.Count);
        foreach (KeyValuePair<string, object?> entry in table)
        {
            trace.Add(entry.Key);
            AddValue(entry.Value, trace);
        }
    }

    private static void AddValue(object? value, DecodeTrace trace)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> nested:
                AddTable(nested, trace);
                break;
            case List<object?> list:
                trace.Add(list.Count);
                foreach (object? item in list) AddValue(item, trace);
                break;
            case byte[] bytes:
                trace.Add(bytes);
                break;
            default:
                trace.Add(value?.GetType().Name);
                trace.Add(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
