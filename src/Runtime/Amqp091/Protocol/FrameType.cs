namespace TypedAmqp.Amqp091.Protocol;

/// <summary>The frame types of AMQP 0-9-1 (spec section 4.2.3).</summary>
internal static class FrameType
{
    public const byte Method = 1;
    public const byte ContentHeader = 2;
    public const byte ContentBody = 3;
    public const byte Heartbeat = 8;
}
