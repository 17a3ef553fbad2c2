using System.Text;
using CsCheck;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10;

/// <summary>Generators of AMQP 1.0 values for the property tests: every type, edge values, both sides of the 8/32-bit boundary.</summary>
internal static class Amqp10Gen
{
    private static Gen<T> Edges<T>(Gen<T> any, params T[] edges) => Gen.Frequency((3, any), (2, Gen.Int[0, edges.Length - 1].Select(i => edges[i])));

    /// <summary>Text of 0 to 300 characters (so UTF-8 lengths on both sides of 255), non-ASCII and supplementary included.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.Char[' ', '\uD7FF'].Array[0, 20].Select(chars => new string(chars))),
        (1, Gen.Char['a', 'z'].Array[250, 300].Select(chars => new string(chars))),
        (1, Gen.Int[0x10000, 0x10FFFF].Array[0, 5].Select(points => string.Concat(points.Select(p => char.ConvertFromUtf32(p))))));

    public static readonly Gen<string> SymbolText = Gen.Frequency(
        (4, Gen.Char[' ', '~'].Array[0, 20].Select(chars => new string(chars))),
        (1, Gen.Char['a', 'z'].Array[250, 300].Select(chars => new string(chars))));

    public static readonly Gen<byte[]> Bytes = Gen.Frequency((4, Gen.Byte.Array[0, 20]), (1, Gen.Byte.Array[250, 300]));

    private static readonly Gen<Rune> Char = Gen.Int[0, 0x10FFFF].Select(i => Rune.IsValid(i) ? new Rune(i) : new Rune(0xFFFD));

    /// <summary>One generator per primitive type (each keyed by its type, for arrays of it).</summary>
    public static readonly (Amqp10Type Type, Gen<Amqp10Value> Gen)[] Primitives =
    [
        (Amqp10Type.Null, Gen.Const(Amqp10Value.Null)),
        (Amqp10Type.Boolean, Gen.Bool.Select(Amqp10Value.Boolean)),
        (Amqp10Type.UByte, Gen.Byte.Select(Amqp10Value.UByte)),
        (Amqp10Type.UShort, Gen.UShort.Select(Amqp10Value.UShort)),
        (Amqp10Type.UInt, Edges(Gen.UInt, 0u, 1u, 255u, 256u, uint.MaxValue).Select(Amqp10Value.UInt)),
        (Amqp10Type.ULong, Edges(Gen.ULong, 0ul, 1ul, 255ul, 256ul, ulong.MaxValue).Select(Amqp10Value.ULong)),
        (Amqp10Type.Byte, Gen.SByte.Select(Amqp10Value.Byte)),
        (Amqp10Type.Short, Gen.Short.Select(Amqp10Value.Short)),
        (Amqp10Type.Int, Edges(Gen.Int, 0, -128, 127, -129, 128, int.MinValue, int.MaxValue).Select(Amqp10Value.Int)),
        (Amqp10Type.Long, Edges(Gen.Long, 0L, -128L, 127L, -129L, 128L, long.MinValue, long.MaxValue).Select(Amqp10Value.Long)),
        (Amqp10Type.Float, Gen.Float.Select(Amqp10Value.Float)),
        (Amqp10Type.Double, Gen.Double.Select(Amqp10Value.Double)),
        (Amqp10Type.Decimal32, Gen.UInt.Select(bits => Amqp10Value.Decimal32(new Amqp10Decimal32(bits)))),
        (Amqp10Type.Decimal64, Gen.ULong.Select(bits => Amqp10Value.Decimal64(new Amqp10Decimal64(bits)))),
        (Amqp10Type.Decimal128, Gen.Select(Gen.ULong, Gen.ULong, (high, low) => Amqp10Value.Decimal128(new Amqp10Decimal128(high, low)))),
        (Amqp10Type.Char, Char.Select(Amqp10Value.Char)),
        (Amqp10Type.Timestamp, Edges(Gen.Long, 0L, long.MinValue, long.MaxValue, Amqp10Timestamp.MaxMilliseconds).Select(ms => Amqp10Value.Timestamp(new Amqp10Timestamp(ms)))),
        (Amqp10Type.Uuid, Gen.Byte.Array[16].Select(bytes => Amqp10Value.Uuid(new Guid(bytes)))),
        (Amqp10Type.Binary, Bytes.Select(Amqp10Value.Binary)),
        (Amqp10Type.String, Text.Select(Amqp10Value.String)),
        (Amqp10Type.Symbol, SymbolText.Select(Amqp10Value.Symbol)),
    ];

    public static readonly Gen<Amqp10Value> Primitive = Gen.OneOf(Primitives.Select(p => p.Gen).ToArray());

    private static readonly Gen<Amqp10Value> Descriptor = Gen.Frequency(
        (2, Edges(Gen.ULong, 0x10ul, 0x70ul, 0x0000_0468_0000_0001ul).Select(Amqp10Value.ULong)),
        (1, Gen.String[Gen.Char['a', 'z'], 1, 20].Select(s => Amqp10Value.Symbol("amqp:" + s))));

    private static readonly Gen<Amqp10Value> PrimitiveArray = Gen.OneOf(Primitives.Select(p =>
        Gen.Select(p.Gen.Array[0, 6], Gen.Frequency((3, Gen.Const(default(Amqp10Value?))), (1, Descriptor.Select(d => (Amqp10Value?)d))),
            (elements, descriptor) => Amqp10Value.Array(p.Type, descriptor, elements))).ToArray());

    /// <summary>Any value: primitives, lists, maps, arrays (of primitives, described, of lists and of arrays), described values, nested up to four levels.</summary>
    public static readonly Gen<Amqp10Value> Value = Gen.Recursive<Amqp10Value>((depth, value) =>
    {
        if (depth >= 4) return Gen.Frequency((5, Primitive), (1, PrimitiveArray));
        Gen<Amqp10Value> list = Gen.Frequency((4, value.Array[0, 6]), (1, value.Array[40, 60])).Select(Amqp10Value.List);
        Gen<Amqp10Value> map = Gen.Select(value, value).Array[0, 5].Select(pairs => Amqp10Value.Map(pairs.SelectMany(p => new[] { p.Item1, p.Item2 }).ToArray()));
        Gen<Amqp10Value> arrayOfLists = list.Array[0, 3].Select(lists => Amqp10Value.Array(Amqp10Type.List, null, lists));
        Gen<Amqp10Value> arrayOfArrays = PrimitiveArray.Where(a => a.AsArray.Descriptor is null).Array[0, 3]
            .Select(arrays => Amqp10Value.Array(Amqp10Type.Array, null, arrays));
        Gen<Amqp10Value> described = Gen.Select(Descriptor, value, Amqp10Value.Described);
        return Gen.Frequency((6, Primitive), (2, list), (2, map), (2, PrimitiveArray), (1, arrayOfLists), (1, arrayOfArrays), (2, described));
    });
}
