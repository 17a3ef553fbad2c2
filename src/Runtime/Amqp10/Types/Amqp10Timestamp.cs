namespace TypedAmqp.Amqp10;

/// <summary>
/// An AMQP 1.0 timestamp: milliseconds since the Unix epoch, signed 64-bit. Every wire value is representable here;
/// only those within <see cref="DateTimeOffset"/>'s range (years 1 to 9999) convert to it.
/// </summary>
internal readonly record struct Amqp10Timestamp(long Milliseconds)
{
    public static Amqp10Timestamp FromDateTimeOffset(DateTimeOffset value) => new(value.ToUnixTimeMilliseconds());

    public bool TryGetDateTimeOffset(out DateTimeOffset value)
    {
        if (Milliseconds is < MinMilliseconds or > MaxMilliseconds)
        {
            value = default;
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(Milliseconds);
        return true;
    }

    internal const long MinMilliseconds = -62_135_596_800_000;
    internal const long MaxMilliseconds = 253_402_300_799_999;
}
