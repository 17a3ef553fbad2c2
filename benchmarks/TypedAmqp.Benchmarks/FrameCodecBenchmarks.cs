using System.Buffers;
using BenchmarkDotNet.Attributes;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;

namespace TypedAmqp.Benchmarks;

/// <summary>
/// The codec's hot paths: framing a 256-byte publish (method, content header with properties and headers, body) and
/// reading a delivery (three frames cut from a pipe buffer, method arguments parsed, content assembled into a
/// pooled message). Both must report 0 B allocated; so must encoding a headers table.
/// </summary>
[MemoryDiagnoser]
public class FrameCodecBenchmarks
{
    private readonly PooledBufferWriter _output = new(64 * 1024);
    private readonly byte[] _body = new byte[256];
    private readonly InboundMessage _message = new();
    private BasicProperties _properties = null!;
    private ReadOnlySequence<byte> _deliveryFrames;
    private ReadOnlySequence<byte> _headersTable;

    [GlobalSetup]
    public void Setup()
    {
        _properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryMode.Persistent,
            MessageId = "0f8fad5b-d9cb-469f-a165-70867728950e",
            Type = "orders.created",
            Timestamp = new AmqpTimestamp(1_700_000_000),
            Headers = new Dictionary<string, object?> { ["tenant"] = "acme", ["attempt"] = 1 },
        };

        var frames = new PooledBufferWriter();
        FrameWriter.WriteMethod(frames, 1, new DeliverMethod());
        FrameWriter.WriteContentHeader(frames, 1, (ulong)_body.Length, _properties, FrameConstants.DefaultFrameMax);
        FrameWriter.WriteBody(frames, 1, _body, 131072);
        _deliveryFrames = new ReadOnlySequence<byte>(frames.WrittenMemory.ToArray());

        byte[] table = new byte[FieldTableCodec.GetTableSize(_properties.Headers)];
        FieldTableCodec.WriteTable(table, _properties.Headers);
        _headersTable = new ReadOnlySequence<byte>(table, 4, table.Length - 4); // the content, after its length
    }

    [Benchmark]
    public int EncodePublish256()
    {
        _output.Clear();
        FrameWriter.WriteMethod(_output, 1, new BasicPublish("orders", "order.created.eu", mandatory: false));
        FrameWriter.WriteContentHeader(_output, 1, (ulong)_body.Length, _properties, FrameConstants.DefaultFrameMax);
        FrameWriter.WriteBody(_output, 1, _body, 131072);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int DecodeDeliver256()
    {
        ReadOnlySequence<byte> buffer = _deliveryFrames;
        FrameReader.TryReadFrame(ref buffer, 131072, out Frame method);
        var reader = new AmqpReader(method.Payload);
        reader.ReadShort();
        reader.ReadShort();
        reader.ReadShortStringBytes(); // consumer tag
        ulong deliveryTag = reader.ReadLongLong();
        reader.ReadBit();
        _message.SetAddress(reader.ReadShortStringBytes(), reader.ReadShortStringBytes());

        FrameReader.TryReadFrame(ref buffer, 131072, out Frame header);
        var headerReader = new AmqpReader(header.Payload);
        headerReader.ReadShort();
        headerReader.ReadShort();
        ulong bodySize = headerReader.ReadLongLong();
        _message.SetHeader(header.Payload.Slice(headerReader.Consumed), (int)bodySize);

        FrameReader.TryReadFrame(ref buffer, 131072, out Frame body);
        _message.AppendBody(body.Payload);

        var properties = ContentHeaderProperties.Of(_message.EncodedProperties);
        return (int)deliveryTag + properties.TypeUtf8.Length + _message.Body.Length;
    }

    [Benchmark]
    public int EncodeHeadersTable()
    {
        Span<byte> buffer = stackalloc byte[256];
        return FieldTableCodec.WriteTable(buffer, _properties.Headers);
    }

    /// <summary>
    /// Decoding a headers table into the dictionary the application reads. This allocates by nature (the dictionary
    /// and its strings are the result); deliveries decode headers only when the application asks for them.
    /// </summary>
    [Benchmark]
    public int DecodeHeadersTable() => FieldTableCodec.ReadTable(_headersTable).Count;

    /// <summary>basic.deliver as the broker sends it.</summary>
    private readonly struct DeliverMethod : IOutgoingMethod
    {
        public uint Id => MethodId.BasicDeliver;
        public int MaxArgumentsSize => 128;

        public void WriteArguments(ref AmqpWriter writer)
        {
            writer.WriteShortString("amq.ctag-benchmark");
            writer.WriteLongLong(42);
            writer.WriteBit(false);
            writer.WriteShortString("orders");
            writer.WriteShortString("order.created.eu");
        }
    }
}
