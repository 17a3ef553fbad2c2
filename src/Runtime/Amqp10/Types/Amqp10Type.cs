namespace TypedAmqp.Amqp10;

/// <summary>The AMQP 1.0 types (part 1, section 1.6), independent of which of their encodings is on the wire.</summary>
internal enum Amqp10Type : byte
{
    Unknown,
    Null,
    Boolean,
    UByte,
    UShort,
    UInt,
    ULong,
    Byte,
    Short,
    Int,
    Long,
    Float,
    Double,
    Decimal32,
    Decimal64,
    Decimal128,
    Char,
    Timestamp,
    Uuid,
    Binary,
    String,
    Symbol,
    List,
    Map,
    Array,
    Described,
}
