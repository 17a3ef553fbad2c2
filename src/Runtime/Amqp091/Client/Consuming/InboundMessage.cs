using System.Buffers;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// A received message (deliver, return or get-ok) assembled from its method, header and body frames into one
/// pooled buffer laid out as [exchange][routing key][properties][body]. Instances are recycled by their channel;
/// <see cref="Version"/> changes on every reuse so stale <see cref="Delivery"/> views can be detected.
/// </summary>
internal sealed class InboundMessage : IReceivedMessageSource
{
    private byte[] _buffer = [];
    private int _exchangeLength;
    private int _routingKeyLength;
    private int _propertiesLength;
    private int _bodyLength;
    private int _bodyReceived;

    public int Version { get; private set; }

    public ulong DeliveryTag { get; set; }

    public bool Redelivered { get; set; }

    /// <summary>For basic.return: the reply code; for basic.get-ok: unused.</summary>
    public ushort ReplyCode { get; set; }

    /// <summary>For basic.return: the broker's reason (rare path, a string is fine).</summary>
    public string? ReplyText { get; set; }

    /// <summary>For basic.get-ok: messages left in the queue.</summary>
    public uint MessageCount { get; set; }

    /// <summary>The consumer the message is for; null for returns and gets.</summary>
    public AmqpConsumer? Consumer { get; set; }

    public AmqpChannel? Channel { get; set; }

    /// <summary>Set once the application acked, nacked or rejected the message.</summary>
    public bool Settled { get; set; }

    public ReadOnlySpan<byte> ExchangeUtf8 => _buffer.AsSpan(0, _exchangeLength);

    public ReadOnlySpan<byte> RoutingKeyUtf8 => _buffer.AsSpan(_exchangeLength, _routingKeyLength);

    public ReadOnlyMemory<byte> EncodedProperties => _buffer.AsMemory(_exchangeLength + _routingKeyLength, _propertiesLength);

    public ReadOnlyMemory<byte> Body => _buffer.AsMemory(_exchangeLength + _routingKeyLength + _propertiesLength, _bodyLength);

    public bool IsComplete => _bodyReceived == _bodyLength;

    public int BodyLength => _bodyLength;

    /// <summary>Stores exchange and routing key as they came in the method frame.</summary>
    public void SetAddress(ReadOnlySequence<byte> exchange, ReadOnlySequence<byte> routingKey)
    {
        _exchangeLength = (int)exchange.Length;
        _routingKeyLength = (int)routingKey.Length;
        _propertiesLength = 0;
        _bodyLength = 0;
        _bodyReceived = 0;
        EnsureCapacity(_exchangeLength + _routingKeyLength, preserve: 0);
        exchange.CopyTo(_buffer);
        routingKey.CopyTo(_buffer.AsSpan(_exchangeLength));
    }

    /// <summary>Stores the encoded properties and makes room for the body announced by the content header.</summary>
    public void SetHeader(ReadOnlySequence<byte> encodedProperties, int bodyLength)
    {
        _propertiesLength = (int)encodedProperties.Length;
        _bodyLength = bodyLength;
        _bodyReceived = 0;
        int offset = _exchangeLength + _routingKeyLength;
        EnsureCapacity(offset + _propertiesLength + bodyLength, preserve: offset);
        encodedProperties.CopyTo(_buffer.AsSpan(offset));
    }

    /// <summary>Appends one body frame; returns false when it would overrun the announced body size.</summary>
    public bool AppendBody(ReadOnlySequence<byte> chunk)
    {
        if (chunk.Length > _bodyLength - _bodyReceived) return false;
        int offset = _exchangeLength + _routingKeyLength + _propertiesLength + _bodyReceived;
        chunk.CopyTo(_buffer.AsSpan(offset));
        _bodyReceived += (int)chunk.Length;
        return true;
    }

    /// <summary>Clears the message for reuse; the buffer is kept unless it grew very large.</summary>
    public void Reset()
    {
        Version++;
        DeliveryTag = 0;
        Redelivered = false;
        ReplyCode = 0;
        ReplyText = null;
        MessageCount = 0;
        Consumer = null;
        Channel = null;
        Settled = false;
        _exchangeLength = _routingKeyLength = _propertiesLength = _bodyLength = _bodyReceived = 0;
        if (_buffer.Length > Buffers.BufferRetention.MaxRetainedBytes)
        {
            _buffer = []; // not back to the shared pool either, which would keep it just as long
        }
    }

    MessageProperties IReceivedMessageSource.Properties => ContentHeaderProperties.Of(EncodedProperties);

    ulong IReceivedMessageSource.DeliveryId => DeliveryTag;

    /// <summary>RabbitMQ's x-delivery-count header (quorum queues); decoding the headers, so read only when asked.</summary>
    long? IReceivedMessageSource.DeliveryCount =>
        ContentHeaderProperties.Of(EncodedProperties).Headers is { } headers && headers.TryGetValue("x-delivery-count", out object? value)
            ? value switch { long l => l, int i => i, short s => s, byte b => b, _ => null }
            : null;

    string? IReceivedMessageSource.Queue => Consumer?.Queue;

    string IReceivedMessageSource.ServerAddress => Channel!.Connection.ServerAddress;

    object IReceivedMessageSource.ServerPortTag => Channel!.Connection.ServerPortTag;

    /// <summary>The neutral settlements in AMQP 0-9-1 (see <see cref="MessageSettlement"/>).</summary>
    ValueTask IReceivedMessageSource.SettleAsync(MessageSettlement settlement, CancellationToken cancellationToken)
    {
        AmqpChannel channel = Channel!;
        Settled = true;
        return settlement switch
        {
            MessageSettlement.Accept => channel.BasicAckAsync(DeliveryTag, multiple: false, cancellationToken),
            MessageSettlement.Reject => channel.BasicRejectAsync(DeliveryTag, requeue: false, cancellationToken),
            MessageSettlement.Release => channel.BasicRejectAsync(DeliveryTag, requeue: true, cancellationToken),
            MessageSettlement.Modify => channel.BasicNackAsync(DeliveryTag, multiple: false, requeue: true, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(settlement), settlement, "not a MessageSettlement"),
        };
    }

    private void EnsureCapacity(int size, int preserve)
    {
        if (_buffer.Length >= size) return;
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1024));
        _buffer.AsSpan(0, preserve).CopyTo(larger);
        Buffers.BufferRetention.Return(_buffer);
        _buffer = larger;
    }
}
