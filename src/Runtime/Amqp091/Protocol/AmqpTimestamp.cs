namespace TypedAmqp.Amqp091;

/// <summary>An AMQP timestamp: whole seconds since the Unix epoch (field type 'T', property 'timestamp').</summary>
/// <param name="UnixSeconds">Seconds since 1970-01-01T00:00:00Z.</param>
public readonly record struct AmqpTimestamp(long UnixSeconds)
{
    /// <summary>Converts a point in time, dropping sub-second precision as the protocol does.</summary>
    public static AmqpTimestamp FromDateTimeOffset(DateTimeOffset value) => new(value.ToUnixTimeSeconds());

    /// <summary>The timestamp as a <see cref="DateTimeOffset"/> in UTC.</summary>
    public DateTimeOffset ToDateTimeOffset() => DateTimeOffset.FromUnixTimeSeconds(UnixSeconds);

    /// <inheritdoc />
    public override string ToString() =>
        UnixSeconds is >= -62135596800 and <= 253402300799
            ? ToDateTimeOffset().ToString("O", System.Globalization.CultureInfo.InvariantCulture)
            : UnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s since the Unix epoch";
}
