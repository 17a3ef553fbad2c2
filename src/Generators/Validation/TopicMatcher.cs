using System.Collections.Generic;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>
/// Decides whether a binding key can match the keys a publisher produces. Placeholders in the publisher's template
/// may take any value, so they can match any word (or, since a value may contain dots, several).
/// </summary>
internal static class TopicMatcher
{
    private readonly struct KeyWord(string text, bool isVariable)
    {
        public string Text { get; } = text;
        public bool IsVariable { get; } = isVariable;
    }

    public static bool TopicCanMatch(string bindingKey, IReadOnlyList<RoutingKeySegment> template)
    {
        string[] binding = bindingKey.Split('.');
        KeyWord[] key = Words(template);
        return Match(binding, 0, key, 0);
    }

    public static bool DirectCanMatch(string bindingKey, IReadOnlyList<RoutingKeySegment> template)
    {
        // Literal parts must appear in order; placeholders can be anything.
        int position = 0;
        bool anchored = true;
        foreach (RoutingKeySegment segment in template)
        {
            if (segment.IsPlaceholder)
            {
                anchored = false;
                continue;
            }

            int found = anchored ? (bindingKey.Substring(position).StartsWith(segment.Text, System.StringComparison.Ordinal) ? position : -1) : bindingKey.IndexOf(segment.Text, position, System.StringComparison.Ordinal);
            if (found < 0) return false;
            position = found + segment.Text.Length;
            anchored = true;
        }

        return !anchored || position == bindingKey.Length;
    }

    private static KeyWord[] Words(IReadOnlyList<RoutingKeySegment> template)
    {
        var words = new List<KeyWord>();
        var current = new System.Text.StringBuilder();
        bool variable = false;
        foreach (RoutingKeySegment segment in template)
        {
            if (segment.IsPlaceholder)
            {
                variable = true;
                continue;
            }

            string[] parts = segment.Text.Split('.');
            for (int i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    words.Add(new KeyWord(current.ToString(), variable));
                    current.Clear();
                    variable = false;
                }

                current.Append(parts[i]);
            }
        }

        words.Add(new KeyWord(current.ToString(), variable));
        return words.ToArray();
    }

    private static bool Match(string[] binding, int b, KeyWord[] key, int k)
    {
        if (b == binding.Length) return k == key.Length;
        if (binding[b] == "#") return Match(binding, b + 1, key, k) || (k < key.Length && Match(binding, b, key, k + 1));
        if (k == key.Length) return false;
        if (key[k].IsVariable) return Match(binding, b + 1, key, k + 1) || Match(binding, b + 1, key, k);
        return (binding[b] == "*" || binding[b] == key[k].Text) && Match(binding, b + 1, key, k + 1);
    }
}
