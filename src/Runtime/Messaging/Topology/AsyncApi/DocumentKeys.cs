namespace TypedAmqp.Messaging;

/// <summary>
/// Hands out the keys of an AsyncAPI map (channels, operations, components): the text with every character outside
/// [A-Za-z0-9._-] replaced, which component keys must match, and numbered when two would collide.
/// </summary>
internal sealed class DocumentKeys
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Claim(string text)
    {
        string stem = Sanitize(text);
        string claimed = stem;
        for (int i = 2; !_used.Add(claimed); i++) claimed = $"{stem}_{i}";
        return claimed;
    }

    private static string Sanitize(string text)
    {
        var key = new System.Text.StringBuilder(text.Length);
        foreach (char c in text) key.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        if (key.Length == 0) key.Append('_');
        return key.ToString();
    }
}
