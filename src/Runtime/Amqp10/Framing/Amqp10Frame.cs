using System.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// One received frame. <see cref="Body"/> is what follows the frame header and its extended header (a performative and,
/// for a transfer, payload); it points into the pipe's buffer and is valid until the reader advances.
/// </summary>
internal readonly struct Amqp10Frame(byte type, ushort channel, ReadOnlySequence<byte> body)
{
    /// <summary><see cref="Amqp10FrameType.Amqp"/> or <see cref="Amqp10FrameType.Sasl"/>.</summary>
    public byte Type { get; } = type;

    public ushort Channel { get; } = channel;

    public ReadOnlySequence<byte> Body { get; } = body;

    /// <summary>An empty AMQP frame: no performative, sent only to keep the connection alive (part 2 section 2.4.5).</summary>
    public bool IsEmpty => Body.IsEmpty;
}
