using System.Globalization;
using System.Text;

namespace TypedAmqp.Generators.Helpers;

/// <summary>Writes values as C# literals for generated code.</summary>
internal static class CSharpLiteral
{
    public static string String(string? value)
    {
        if (value is null) return "null";
        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    // Line and paragraph separators end a C# line, and a lone surrogate would be written raw.
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' || char.IsSurrogate(c)) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }

        return text.Append('"').ToString();
    }

    public static string Utf8(string value) => String(value) + "u8";

    public static string Bool(bool value) => value ? "true" : "false";
}
