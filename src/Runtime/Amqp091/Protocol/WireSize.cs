using System.Text;

namespace TypedAmqp.Amqp091.Protocol;

/// <summary>Upper bounds of encoded sizes, cheap to compute (no UTF-8 counting pass).</summary>
internal static class WireSize
{
    public static int ShortString(string? value) => 1 + Encoding.UTF8.GetMaxByteCount(value?.Length ?? 0);

    public static int Table(IReadOnlyDictionary<string, object?>? table) =>
        table is null || table.Count == 0 ? 4 : FieldTableCodec.GetTableSize(table);
}
