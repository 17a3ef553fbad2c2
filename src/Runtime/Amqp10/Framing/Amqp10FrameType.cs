namespace TypedAmqp.Amqp10;

/// <summary>The frame types of AMQP 1.0 part 2 section 2.3 (the sixth octet of a frame header).</summary>
internal static class Amqp10FrameType
{
    /// <summary>A performative (open, begin, attach, transfer...), or nothing at all (an empty frame, the heartbeat).</summary>
    public const byte Amqp = 0x00;

    /// <summary>A SASL frame (part 5 section 5.3); its channel field is ignored.</summary>
    public const byte Sasl = 0x01;
}
