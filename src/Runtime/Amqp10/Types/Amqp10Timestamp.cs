namespace TypedAmqp.Amqp10;

/// <summary>
/// An AMQP 1.0 timestamp: milliseconds since the Unix epoch, signed 64-bit. Every wire value is representable here;
/// only those within <see cref="DateTimeOffset"/>'s range (years 1 to 9999) convert to it.
/// </summary>
public readonly record struct Amqp10Timestamp(long Milliseconds)
{
    /// <summary>The timestamp of <paramref name="value"/>, to the millisecond.</summary>
    /// <param name="value">The time.</param>
    /// <returns>The timestamp.</returns>
    public static Amqp10Timestamp FromDateTimeOffset(DateTimeOffset value) => new(value.ToUnixTimeMilliseconds());

    /// <summary>The timestamp as a <see cref="DateTimeOffset"/> (UTC), when it is within its range.</summary>
    /// <param name="value">The time, or default.</param>
    /// <returns>False for a timestamp before year 1 or after year 9999.</returns>
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
