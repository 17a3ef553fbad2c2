namespace TypedAmqp.Amqp10;

/// <summary>The constructor (format code) octets of AMQP 1.0 part 1, section 1.6 ("Primitive type definitions").</summary>
internal static class Amqp10FormatCode
{
    public const byte Described = 0x00;

    public const byte Null = 0x40;
    public const byte BooleanTrue = 0x41;
    public const byte BooleanFalse = 0x42;
    public const byte UInt0 = 0x43;
    public const byte ULong0 = 0x44;
    public const byte List0 = 0x45;

    public const byte UByte = 0x50;
    public const byte Byte = 0x51;
    public const byte SmallUInt = 0x52;
    public const byte SmallULong = 0x53;
    public const byte SmallInt = 0x54;
    public const byte SmallLong = 0x55;
    public const byte Boolean = 0x56;

    public const byte UShort = 0x60;
    public const byte Short = 0x61;

    public const byte UInt = 0x70;
    public const byte Int = 0x71;
    public const byte Float = 0x72;
    public const byte Char = 0x73;
    public const byte Decimal32 = 0x74;

    public const byte ULong = 0x80;
    public const byte Long = 0x81;
    public const byte Double = 0x82;
    public const byte Timestamp = 0x83;
    public const byte Decimal64 = 0x84;

    public const byte Decimal128 = 0x94;
    public const byte Uuid = 0x98;

    public const byte Binary8 = 0xa0;
    public const byte String8 = 0xa1;
    public const byte Symbol8 = 0xa3;
    public const byte Binary32 = 0xb0;
    public const byte String32 = 0xb1;
    public const byte Symbol32 = 0xb3;

    public const byte List8 = 0xc0;
    public const byte Map8 = 0xc1;
    public const byte List32 = 0xd0;
    public const byte Map32 = 0xd1;
    public const byte Array8 = 0xe0;
    public const byte Array32 = 0xf0;

    /// <summary>
    /// The bytes a value takes after its constructor when that is fixed by the constructor (0 to 16), or -1 for the
    /// variable-width and compound encodings (whose size follows the constructor), or -2 for an unknown code.
    /// </summary>
    public static int FixedWidth(byte code) => code switch
    {
        Null or BooleanTrue or BooleanFalse or UInt0 or ULong0 or List0 => 0,
        UByte or Byte or SmallUInt or SmallULong or SmallInt or SmallLong or Boolean => 1,
        UShort or Short => 2,
        UInt or Int or Float or Char or Decimal32 => 4,
        ULong or Long or Double or Timestamp or Decimal64 => 8,
        Decimal128 or Uuid => 16,
        Binary8 or String8 or Symbol8 or Binary32 or String32 or Symbol32 => -1,
        List8 or Map8 or List32 or Map32 or Array8 or Array32 => -1,
        _ => -2,
    };

    /// <summary>The width of the size (and count) fields of a variable or compound encoding: 1 or 4.</summary>
    public static int SizeWidth(byte code) => (code & 0x10) == 0 ? 1 : 4;

    /// <summary>The type a constructor encodes, for messages and for <see cref="Amqp10Reader.PeekType"/>.</summary>
    public static Amqp10Type TypeOf(byte code) => code switch
    {
        Described => Amqp10Type.Described,
        Null => Amqp10Type.Null,
        BooleanTrue or BooleanFalse or Boolean => Amqp10Type.Boolean,
        UByte => Amqp10Type.UByte,
        UShort => Amqp10Type.UShort,
        UInt or SmallUInt or UInt0 => Amqp10Type.UInt,
        ULong or SmallULong or ULong0 => Amqp10Type.ULong,
        Byte => Amqp10Type.Byte,
        Short => Amqp10Type.Short,
        Int or SmallInt => Amqp10Type.Int,
        Long or SmallLong => Amqp10Type.Long,
        Float => Amqp10Type.Float,
        Double => Amqp10Type.Double,
        Decimal32 => Amqp10Type.Decimal32,
        Decimal64 => Amqp10Type.Decimal64,
        Decimal128 => Amqp10Type.Decimal128,
        Char => Amqp10Type.Char,
        Timestamp => Amqp10Type.Timestamp,
        Uuid => Amqp10Type.Uuid,
        Binary8 or Binary32 => Amqp10Type.Binary,
        String8 or String32 => Amqp10Type.String,
        Symbol8 or Symbol32 => Amqp10Type.Symbol,
        List0 or List8 or List32 => Amqp10Type.List,
        Map8 or Map32 => Amqp10Type.Map,
        Array8 or Array32 => Amqp10Type.Array,
        _ => Amqp10Type.Unknown,
    };
}
