namespace TypedAmqp.Amqp10;

/// <summary>The AMQP 1.0 types (part 1, section 1.6), independent of which of their encodings is on the wire.</summary>
public enum Amqp10Type : byte
{
    /// <summary>No value read yet, or a type this model does not know.</summary>
    Unknown,
    /// <summary>null.</summary>
    Null,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>An unsigned 8-bit integer.</summary>
    UByte,
    /// <summary>An unsigned 16-bit integer.</summary>
    UShort,
    /// <summary>An unsigned 32-bit integer.</summary>
    UInt,
    /// <summary>An unsigned 64-bit integer.</summary>
    ULong,
    /// <summary>A signed 8-bit integer.</summary>
    Byte,
    /// <summary>A signed 16-bit integer.</summary>
    Short,
    /// <summary>A signed 32-bit integer.</summary>
    Int,
    /// <summary>A signed 64-bit integer.</summary>
    Long,
    /// <summary>An IEEE 754 32-bit floating point number.</summary>
    Float,
    /// <summary>An IEEE 754 64-bit floating point number.</summary>
    Double,
    /// <summary>An IEEE 754 decimal32.</summary>
    Decimal32,
    /// <summary>An IEEE 754 decimal64.</summary>
    Decimal64,
    /// <summary>An IEEE 754 decimal128.</summary>
    Decimal128,
    /// <summary>A Unicode scalar value (UTF-32).</summary>
    Char,
    /// <summary>Milliseconds since the Unix epoch.</summary>
    Timestamp,
    /// <summary>An RFC 4122 UUID.</summary>
    Uuid,
    /// <summary>Opaque bytes.</summary>
    Binary,
    /// <summary>Unicode text (UTF-8 on the wire).</summary>
    String,
    /// <summary>ASCII text from a constrained domain (names, conditions, keys of annotations).</summary>
    Symbol,
    /// <summary>A sequence of values of any types.</summary>
    List,
    /// <summary>Keys and values of any types, in wire order.</summary>
    Map,
    /// <summary>A sequence of values of one type.</summary>
    Array,
    /// <summary>A value with a descriptor saying what it means.</summary>
    Described,
}
