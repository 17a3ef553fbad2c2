namespace TypedAmqp.Amqp091.Protocol;

/// <summary>Bits of the basic class's property-flags word, highest bit first in property-list order.</summary>
internal static class PropertyFlags
{
    public const ushort ContentType = 1 << 15;
    public const ushort ContentEncoding = 1 << 14;
    public const ushort Headers = 1 << 13;
    public const ushort DeliveryMode = 1 << 12;
    public const ushort Priority = 1 << 11;
    public const ushort CorrelationId = 1 << 10;
    public const ushort ReplyTo = 1 << 9;
    public const ushort Expiration = 1 << 8;
    public const ushort MessageId = 1 << 7;
    public const ushort Timestamp = 1 << 6;
    public const ushort Type = 1 << 5;
    public const ushort UserId = 1 << 4;
    public const ushort AppId = 1 << 3;
    public const ushort ClusterId = 1 << 2;

    /// <summary>Set when another flag word follows; the basic class never needs one.</summary>
    public const ushort Continuation = 1;
}
