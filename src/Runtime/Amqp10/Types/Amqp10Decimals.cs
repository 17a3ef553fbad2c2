namespace TypedAmqp.Amqp10;

// IEEE 754 decimal floating point values carried as their bits: the engine only passes them through (message
// properties, annotations), so no arithmetic or conversion is offered.

/// <summary>An AMQP 1.0 decimal32 (IEEE 754 decimal32, big-endian bits).</summary>
public readonly record struct Amqp10Decimal32(uint Bits);

/// <summary>An AMQP 1.0 decimal64 (IEEE 754 decimal64, big-endian bits).</summary>
public readonly record struct Amqp10Decimal64(ulong Bits);

/// <summary>An AMQP 1.0 decimal128 (IEEE 754 decimal128): <see cref="High"/> holds the first 8 bytes on the wire.</summary>
public readonly record struct Amqp10Decimal128(ulong High, ulong Low);
