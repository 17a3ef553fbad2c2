using System.Text;
using CsCheck;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10;

/// <summary>
/// Cross-checks the codec against an independent implementation, Qpid Proton's <c>proton.Data</c> (C, through its
/// Python binding): what we write, Proton decodes to the same value, and what Proton writes (its own encoding choices:
/// list32, str32 array elements...), we decode to the same value. Both sides print the canonical text form of
/// <see cref="Amqp10Value.ToString"/>; proton_interop.py holds the Python side.
/// </summary>
public sealed class Amqp10ProtonInteropTests
{
    private static string[] RunProton(string mode, string input) => ProtonInterop.Run(mode, input);

    /// <summary>
    /// What the corpus leaves out because Proton 0.37 gets it wrong, not us: NaNs (Proton reads floats through Python
    /// doubles, which may quiet a signalling NaN) and a described value whose value is itself described
    /// (<c>00 53 01 00 53 02 40</c>, legal: a constructor may carry several descriptors), after which Proton's tree
    /// folds the next sibling into it: the list <c>[@1 @2 null, false, 1]</c> comes back from its decoder with a count of 2.
    /// </summary>
    private static bool ProtonMishandles(Amqp10Value value) => value.Type switch
    {
        Amqp10Type.Float => float.IsNaN(value.AsFloat),
        Amqp10Type.Double => double.IsNaN(value.AsDouble),
        Amqp10Type.List or Amqp10Type.Map => value.AsElements.Any(ProtonMishandles),
        Amqp10Type.Array => value.AsArray.Elements.Any(ProtonMishandles),
        Amqp10Type.Described => value.AsDescribed.Value.Type == Amqp10Type.Described
            || ProtonMishandles(value.AsDescribed.Descriptor) || ProtonMishandles(value.AsDescribed.Value),
        _ => false,
    };

    private static IEnumerable<Amqp10Value> EdgeValues()
    {
        yield return Amqp10Value.Null;
        yield return Amqp10Value.Boolean(true);
        yield return Amqp10Value.Boolean(false);
        foreach (uint v in new uint[] { 0, 1, 255, 256, uint.MaxValue }) yield return Amqp10Value.UInt(v);
        foreach (ulong v in new ulong[] { 0, 255, 256, ulong.MaxValue }) yield return Amqp10Value.ULong(v);
        foreach (int v in new[] { 0, -128, 127, -129, 128, int.MinValue, int.MaxValue }) yield return Amqp10Value.Int(v);
        foreach (long v in new[] { 0, -128, 127, -129, 128, long.MinValue, long.MaxValue }) yield return Amqp10Value.Long(v);
        yield return Amqp10Value.UByte(255);
        yield return Amqp10Value.UShort(ushort.MaxValue);
        yield return Amqp10Value.Byte(sbyte.MinValue);
        yield return Amqp10Value.Short(short.MinValue);
        yield return Amqp10Value.Float(float.Epsilon);
        yield return Amqp10Value.Float(float.NegativeInfinity);
        yield return Amqp10Value.Double(double.MaxValue);
        yield return Amqp10Value.Decimal32(new Amqp10Decimal32(0x22334455));
        yield return Amqp10Value.Decimal64(new Amqp10Decimal64(ulong.MaxValue));
        yield return Amqp10Value.Decimal128(new Amqp10Decimal128(0x0102030405060708, 0x090a0b0c0d0e0f10));
        yield return Amqp10Value.Char(new Rune(0x10FFFF));
        yield return Amqp10Value.Timestamp(new Amqp10Timestamp(long.MinValue));
        yield return Amqp10Value.Uuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"));
        foreach (int length in new[] { 0, 255, 256 })
        {
            yield return Amqp10Value.Binary(new byte[length]);
            yield return Amqp10Value.String(new string('é', length / 2) + (length % 2 == 1 ? "a" : ""));
            yield return Amqp10Value.Symbol(new string('s', length));
        }

        yield return Amqp10Value.List();
        yield return Amqp10Value.List(Enumerable.Range(0, 256).Select(_ => Amqp10Value.Null).ToArray());
        yield return Amqp10Value.Map(Amqp10Value.Symbol("k"), Amqp10Value.List(Amqp10Value.UInt(1)));
        yield return Amqp10Value.Array(Amqp10Type.UInt, null, Amqp10Value.UInt(1), Amqp10Value.UInt(300));
        yield return Amqp10Value.Array(Amqp10Type.UInt, null, Amqp10Value.UInt(1), Amqp10Value.UInt(2));
        yield return Amqp10Value.Array(Amqp10Type.Null, null, Amqp10Value.Null, Amqp10Value.Null);
        yield return Amqp10Value.Array(Amqp10Type.Symbol, Amqp10Value.ULong(0x70), Amqp10Value.Symbol("a"));
        yield return Amqp10Value.Array(Amqp10Type.List, null, Amqp10Value.List(), Amqp10Value.List(Amqp10Value.Int(5)));
        yield return Amqp10Value.Described(Amqp10Value.ULong(0x0000_0468_0000_0001), Amqp10Value.String("x"));
        yield return Amqp10Value.Described(Amqp10Value.Symbol("amqp:list:v"), Amqp10Value.List(Amqp10Value.Described(Amqp10Value.ULong(1), Amqp10Value.Null)));
    }

    /// <summary>Where two canonical texts first differ, with some context: whole values can be kilobytes long.</summary>
    private static string Difference(string ours, string theirs)
    {
        int at = 0;
        while (at < ours.Length && at < theirs.Length && ours[at] == theirs[at]) at++;
        int from = Math.Max(0, at - 120);
        string Window(string text) => text.Substring(from, Math.Min(text.Length - from, 240));
        return $" at character {at}\n ours:   ...{Window(ours)}\n proton: ...{Window(theirs)}";
    }

    [ProtonFact]
    public void Values_we_write_decode_to_the_same_values_in_proton()
    {
        List<Amqp10Value> corpus = [.. EdgeValues()];
        Assert.DoesNotContain(corpus, ProtonMishandles);
        corpus.AddRange(Amqp10Gen.Value.Where(v => !ProtonMishandles(v)).Array[300].Single());
        string[] hex = corpus.Select(v => Convert.ToHexStringLower(Amqp10ValueCodec.Encode(1 << 20, v))).ToArray();

        string[] decoded = RunProton("decode", string.Join('\n', hex) + "\n");

        Assert.Equal(corpus.Count, decoded.Length);
        for (int i = 0; i < corpus.Count; i++)
        {
            string ours = corpus[i].ToString();
            Assert.True(ours == decoded[i], $"value {i} ({hex[i].Length / 2} bytes) differs:\n{Difference(ours, decoded[i])}");
        }
    }

    [ProtonFact]
    public void Values_proton_writes_decode_to_the_same_values_here()
    {
        string[] lines = RunProton("encode", "");

        Assert.True(lines.Length >= 50, $"proton_interop.py encoded only {lines.Length} values");
        foreach (string line in lines)
        {
            string[] parts = line.Split('\t');
            List<Amqp10Value> values = Amqp10ValueCodec.ReadAll(Convert.FromHexString(parts[0]));
            Assert.True(values.Count == 1 && values[0].ToString() == parts[1], $"bytes {parts[0]}:\n proton: {parts[1]}\n ours:   {string.Join(" ", values)}");
            var reader = new Amqp10Reader(Convert.FromHexString(parts[0]));
            reader.Skip();
            Assert.True(reader.IsEnd);
        }
    }
}
