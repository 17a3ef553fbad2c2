using System.Text;

namespace TypedAmqp.Generators.Helpers;

/// <summary>A small indentation-aware writer for generated source.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes every line of a multi-line block at the current indentation.</summary>
    public SourceWriter Lines(string block)
    {
        foreach (string line in block.Replace("\r\n", "\n").Split('\n')) Line(line);
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    public override string ToString() => _text.ToString();
}
