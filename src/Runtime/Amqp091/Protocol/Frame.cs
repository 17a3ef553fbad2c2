using System.Buffers;

namespace TypedAmqp.Amqp091.Protocol;

/// <summary>One received frame; <see cref="Payload"/> points into the pipe's buffer and is valid until the reader advances.</summary>
internal readonly struct Frame(byte type, ushort channel, ReadOnlySequence<byte> payload)
{
    public byte Type { get; } = type;
    public ushort Channel { get; } = channel;
    public ReadOnlySequence<byte> Payload { get; } = payload;
}
