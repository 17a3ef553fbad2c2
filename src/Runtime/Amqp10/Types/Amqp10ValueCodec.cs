using System.Text;

namespace TypedAmqp.Amqp10;

/// <summary>
/// Writes and reads <see cref="Amqp10Value"/> graphs: the "decode anything" path (and the tests' model). Typed code
/// uses <see cref="Amqp10Reader"/> and <see cref="Amqp10Writer"/> directly.
/// </summary>
internal static class Amqp10ValueCodec
{
    /// <summary>Reads one value of any type, recursively; nesting over <see cref="Amqp10Reader.MaxDepth"/> is a decode error.</summary>
    public static Amqp10Value Read(ref Amqp10Reader reader) => Read(ref reader, 0);

    /// <summary>Reads every value up to the end of the input (or of a compound's reader).</summary>
    public static List<Amqp10Value> ReadAll(ReadOnlySpan<byte> input)
    {
        var reader = new Amqp10Reader(input);
        var values = new List<Amqp10Value>();
        while (!reader.IsEnd) values.Add(Read(ref reader));
        return values;
    }

    private static Amqp10Value Read(ref Amqp10Reader reader, int depth)
    {
        if (depth > Amqp10Reader.MaxDepth) throw new Amqp10DecodeException($"values nest deeper than {Amqp10Reader.MaxDepth} levels", reader.Offset);
        switch (reader.PeekType())
        {
            case Amqp10Type.Null:
                reader.ReadNull();
                return Amqp10Value.Null;
            case Amqp10Type.Boolean:
                return Amqp10Value.Boolean(reader.ReadBoolean());
            case Amqp10Type.UByte:
                return Amqp10Value.UByte(reader.ReadUByte());
            case Amqp10Type.UShort:
                return Amqp10Value.UShort(reader.ReadUShort());
            case Amqp10Type.UInt:
                return Amqp10Value.UInt(reader.ReadUInt());
            case Amqp10Type.ULong:
                return Amqp10Value.ULong(reader.ReadULong());
            case Amqp10Type.Byte:
                return Amqp10Value.Byte(reader.ReadByte());
            case Amqp10Type.Short:
                return Amqp10Value.Short(reader.ReadShort());
            case Amqp10Type.Int:
                return Amqp10Value.Int(reader.ReadInt());
            case Amqp10Type.Long:
                return Amqp10Value.Long(reader.ReadLong());
            case Amqp10Type.Float:
                return Amqp10Value.Float(reader.ReadFloat());
            case Amqp10Type.Double:
                return Amqp10Value.Double(reader.ReadDouble());
            case Amqp10Type.Decimal32:
                return Amqp10Value.Decimal32(reader.ReadDecimal32());
            case Amqp10Type.Decimal64:
                return Amqp10Value.Decimal64(reader.ReadDecimal64());
            case Amqp10Type.Decimal128:
                return Amqp10Value.Decimal128(reader.ReadDecimal128());
            case Amqp10Type.Char:
                return Amqp10Value.Char(reader.ReadChar());
            case Amqp10Type.Timestamp:
                return Amqp10Value.Timestamp(reader.ReadTimestamp());
            case Amqp10Type.Uuid:
                return Amqp10Value.Uuid(reader.ReadUuid());
            case Amqp10Type.Binary:
                return Amqp10Value.Binary(reader.ReadBinary().ToArray());
            case Amqp10Type.String:
                return Amqp10Value.String(reader.ReadString());
            case Amqp10Type.Symbol:
                return Amqp10Value.Symbol(reader.ReadSymbol());
            case Amqp10Type.List:
            {
                Amqp10Reader list = reader.ReadList();
                return Amqp10Value.List(ReadElements(ref list, depth));
            }
            case Amqp10Type.Map:
            {
                Amqp10Reader map = reader.ReadMap();
                return Amqp10Value.Map(ReadElements(ref map, depth));
            }
            case Amqp10Type.Array:
            {
                Amqp10Reader array = reader.ReadArray();
                Amqp10Value? descriptor = null;
                if (array.HasArrayDescriptor)
                {
                    Amqp10Reader descriptorReader = array.ReadArrayDescriptor();
                    descriptor = Read(ref descriptorReader, depth + 1);
                }

                Amqp10Type elementType = Amqp10FormatCode.TypeOf(array.ArrayElementConstructor);
                return Amqp10Value.Array(elementType, descriptor, ReadElements(ref array, depth));
            }
            default:
            {
                reader.ReadDescribedConstructor();
                Amqp10Value descriptor = Read(ref reader, depth + 1);
                Amqp10Value value = Read(ref reader, depth + 1);
                return Amqp10Value.Described(descriptor, value);
            }
        }
    }

    private static Amqp10Value[] ReadElements(ref Amqp10Reader compound, int depth)
    {
        // Count was checked against the compound's size, so this array is at most as long as the input (or, for
        // zero-width array elements, MaxZeroWidthElements).
        var elements = new Amqp10Value[compound.Count];
        for (int i = 0; i < elements.Length; i++) elements[i] = Read(ref compound, depth + 1);
        compound.EnsureEnd();
        return elements;
    }

    public static void Write(ref Amqp10Writer writer, Amqp10Value value)
    {
        switch (value.Type)
        {
            case Amqp10Type.Null: writer.WriteNull(); break;
            case Amqp10Type.Boolean: writer.WriteBoolean(value.AsBoolean); break;
            case Amqp10Type.UByte: writer.WriteUByte((byte)value.AsUnsigned); break;
            case Amqp10Type.UShort: writer.WriteUShort((ushort)value.AsUnsigned); break;
            case Amqp10Type.UInt: writer.WriteUInt((uint)value.AsUnsigned); break;
            case Amqp10Type.ULong: writer.WriteULong(value.AsUnsigned); break;
            case Amqp10Type.Byte: writer.WriteByte((sbyte)value.AsSigned); break;
            case Amqp10Type.Short: writer.WriteShort((short)value.AsSigned); break;
            case Amqp10Type.Int: writer.WriteInt((int)value.AsSigned); break;
            case Amqp10Type.Long: writer.WriteLong(value.AsSigned); break;
            case Amqp10Type.Float: writer.WriteFloat(value.AsFloat); break;
            case Amqp10Type.Double: writer.WriteDouble(value.AsDouble); break;
            case Amqp10Type.Decimal32: writer.WriteDecimal32(value.AsDecimal32); break;
            case Amqp10Type.Decimal64: writer.WriteDecimal64(value.AsDecimal64); break;
            case Amqp10Type.Decimal128: writer.WriteDecimal128(value.AsDecimal128); break;
            case Amqp10Type.Char: writer.WriteChar(value.AsChar); break;
            case Amqp10Type.Timestamp: writer.WriteTimestamp(value.AsTimestamp); break;
            case Amqp10Type.Uuid: writer.WriteUuid(value.AsUuid); break;
            case Amqp10Type.Binary: writer.WriteBinary(value.AsBinary); break;
            case Amqp10Type.String: writer.WriteString(value.AsText); break;
            case Amqp10Type.Symbol: writer.WriteSymbol(value.AsText); break;
            case Amqp10Type.List:
            {
                Amqp10Compound list = writer.BeginList();
                foreach (Amqp10Value element in value.AsElements) Write(ref writer, element);
                writer.EndList(list);
                break;
            }
            case Amqp10Type.Map:
            {
                Amqp10Compound map = writer.BeginMap();
                foreach (Amqp10Value element in value.AsElements) Write(ref writer, element);
                writer.EndMap(map);
                break;
            }
            case Amqp10Type.Array:
                WriteArray(ref writer, value.AsArray);
                break;
            case Amqp10Type.Described:
                writer.WriteDescribedConstructor();
                Write(ref writer, value.AsDescribed.Descriptor);
                Write(ref writer, value.AsDescribed.Value);
                break;
            default:
                throw new ArgumentException($"{value.Type} cannot be written.", nameof(value));
        }
    }

    /// <summary>The encoded form of values written one after another, in a buffer of <paramref name="capacity"/> bytes.</summary>
    public static byte[] Encode(int capacity, params Amqp10Value[] values)
    {
        byte[] buffer = new byte[capacity];
        var writer = new Amqp10Writer(buffer);
        foreach (Amqp10Value value in values) Write(ref writer, value);
        return buffer[..writer.Written];
    }

    private static void WriteArray(ref Amqp10Writer writer, Amqp10ArrayValue array)
    {
        byte code = ElementConstructor(array);
        Amqp10Compound compound;
        if (array.Descriptor is not { } descriptor)
        {
            compound = writer.BeginArray(code);
        }
        else if (descriptor.Type == Amqp10Type.ULong)
        {
            compound = writer.BeginArray(descriptor.AsUnsigned, code);
        }
        else if (descriptor.Type == Amqp10Type.Symbol)
        {
            compound = writer.BeginArray(Encoding.ASCII.GetBytes(descriptor.AsText), code);
        }
        else
        {
            throw new ArgumentException("An array's descriptor must be a ulong or a symbol here.", nameof(array));
        }

        foreach (Amqp10Value element in array.Elements) Write(ref writer, element);
        writer.EndArray(compound);
    }

    /// <summary>
    /// The element constructor for an array's elements: the small forms of uint, ulong, int and long when every
    /// element fits, the 8-bit forms of binary, string and symbol when every element does, the 32-bit forms of
    /// compounds (their sizes are only known once written).
    /// </summary>
    private static byte ElementConstructor(Amqp10ArrayValue array)
    {
        Amqp10Value[] elements = array.Elements;
        bool allSmall(Func<Amqp10Value, bool> fits)
        {
            foreach (Amqp10Value element in elements)
            {
                if (!fits(element)) return false;
            }

            return true;
        }

        return array.ElementType switch
        {
            Amqp10Type.Null => Amqp10FormatCode.Null,
            Amqp10Type.Boolean => Amqp10FormatCode.Boolean,
            Amqp10Type.UByte => Amqp10FormatCode.UByte,
            Amqp10Type.UShort => Amqp10FormatCode.UShort,
            Amqp10Type.UInt => elements.Length > 0 && allSmall(e => e.AsUnsigned <= byte.MaxValue) ? Amqp10FormatCode.SmallUInt : Amqp10FormatCode.UInt,
            Amqp10Type.ULong => elements.Length > 0 && allSmall(e => e.AsUnsigned <= byte.MaxValue) ? Amqp10FormatCode.SmallULong : Amqp10FormatCode.ULong,
            Amqp10Type.Byte => Amqp10FormatCode.Byte,
            Amqp10Type.Short => Amqp10FormatCode.Short,
            Amqp10Type.Int => elements.Length > 0 && allSmall(e => e.AsSigned is >= sbyte.MinValue and <= sbyte.MaxValue) ? Amqp10FormatCode.SmallInt : Amqp10FormatCode.Int,
            Amqp10Type.Long => elements.Length > 0 && allSmall(e => e.AsSigned is >= sbyte.MinValue and <= sbyte.MaxValue) ? Amqp10FormatCode.SmallLong : Amqp10FormatCode.Long,
            Amqp10Type.Float => Amqp10FormatCode.Float,
            Amqp10Type.Double => Amqp10FormatCode.Double,
            Amqp10Type.Decimal32 => Amqp10FormatCode.Decimal32,
            Amqp10Type.Decimal64 => Amqp10FormatCode.Decimal64,
            Amqp10Type.Decimal128 => Amqp10FormatCode.Decimal128,
            Amqp10Type.Char => Amqp10FormatCode.Char,
            Amqp10Type.Timestamp => Amqp10FormatCode.Timestamp,
            Amqp10Type.Uuid => Amqp10FormatCode.Uuid,
            Amqp10Type.Binary => allSmall(e => e.AsBinary.Length <= byte.MaxValue) ? Amqp10FormatCode.Binary8 : Amqp10FormatCode.Binary32,
            Amqp10Type.String => allSmall(e => Encoding.UTF8.GetByteCount(e.AsText) <= byte.MaxValue) ? Amqp10FormatCode.String8 : Amqp10FormatCode.String32,
            Amqp10Type.Symbol => allSmall(e => e.AsText.Length <= byte.MaxValue) ? Amqp10FormatCode.Symbol8 : Amqp10FormatCode.Symbol32,
            Amqp10Type.List => Amqp10FormatCode.List32,
            Amqp10Type.Map => Amqp10FormatCode.Map32,
            Amqp10Type.Array => Amqp10FormatCode.Array32,
            _ => throw new ArgumentException($"An array cannot hold {array.ElementType}.", nameof(array)),
        };
    }
}
