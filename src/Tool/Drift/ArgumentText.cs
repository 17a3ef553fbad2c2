using System.Globalization;
using System.Text.Json;

namespace TypedAmqp.Tool.Drift;

/// <summary>
/// One text per argument value, the same for the contracts' CLR value and the broker's JSON: 5 (int), 5L and the JSON
/// number 5 are all "5", so a drift is a different value, never a different number type (RabbitMQ compares the
/// numbers of x-arguments by value too).
/// </summary>
internal static class ArgumentText
{
    public static string Of(object? value) => value switch
    {
        null => "null",
        string text => JsonSerializer.Serialize(text),
        bool flag => flag ? "true" : "false",
        byte or sbyte or short or ushort or int or uint or long or ulong or decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        float or double => Number(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ => JsonSerializer.Serialize(value.ToString()),
    };

    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => JsonSerializer.Serialize(value.GetString()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.TryGetDecimal(out decimal number) ? number.ToString(CultureInfo.InvariantCulture) : Number(value.GetDouble()),
        _ => value.GetRawText(),
    };

    private static string Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ((decimal)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
}
