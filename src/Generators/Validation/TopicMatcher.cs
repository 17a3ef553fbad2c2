using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>
/// Decides whether a binding key can match the keys a publisher produces. A placeholder may take any value, dots
/// included, so a word holding one can match any binding word that fits the literal text around it, or several words.
/// Both matchers are memoized, so their cost grows with the product of the key lengths, never exponentially.
/// </summary>
internal static class TopicMatcher
{
    /// <summary>One dot-separated word of a published key: its literal parts, with null standing for a placeholder.</summary>
    private sealed class KeyWord(List<string?> parts)
    {
        public List<string?> Parts { get; } = parts;

        public bool IsVariable => Parts.Any(p => p is null);

        public string Prefix => Parts.TakeWhile(p => p is not null).Aggregate(string.Empty, (a, p) => a + p);

        public string Suffix => ((IEnumerable<string?>)Parts).Reverse().TakeWhile(p => p is not null).Reverse().Aggregate(string.Empty, (a, p) => a + p);
    }

    public static bool TopicCanMatch(string bindingKey, IReadOnlyList<RoutingKeySegment> template)
    {
        string[] binding = bindingKey.Split('.');
        KeyWord[] key = Words(template);
        var memo = new bool?[binding.Length + 1, key.Length + 1];
        return Match(binding, 0, key, 0, memo);
    }

    /// <summary>Direct exchanges compare whole keys: the literal parts must appear in order, placeholders are any text.</summary>
    public static bool DirectCanMatch(string bindingKey, IReadOnlyList<RoutingKeySegment> template) =>
        Glob(template.Select(s => s.IsPlaceholder ? null : s.Text).ToList(), bindingKey);

    private static bool Match(string[] binding, int b, KeyWord[] key, int k, bool?[,] memo)
    {
        if (memo[b, k] is { } known) return known;
        bool result;
        if (b == binding.Length)
        {
            result = k == key.Length;
        }
        else if (binding[b] == "#")
        {
            result = Match(binding, b + 1, key, k, memo) || (k < key.Length && Match(binding, b, key, k + 1, memo));
        }
        else if (k == key.Length)
        {
            result = false;
        }
        else if (!key[k].IsVariable)
        {
            result = (binding[b] == "*" || binding[b] == key[k].Parts[0]) && Match(binding, b + 1, key, k + 1, memo);
        }
        else
        {
            // A word with a placeholder is one binding word that fits it, or (the value holding dots) a run of
            // binding words that starts with its literal prefix and ends with its literal suffix.
            result = (binding[b] == "*" || Glob(key[k].Parts, binding[b])) && Match(binding, b + 1, key, k + 1, memo);
            for (int end = b + 1; !result && end < binding.Length && binding[end] != "#"; end++)
            {
                bool fits = (binding[b] == "*" || binding[b].StartsWith(key[k].Prefix, System.StringComparison.Ordinal))
                    && (binding[end] == "*" || binding[end].EndsWith(key[k].Suffix, System.StringComparison.Ordinal));
                result = fits && Match(binding, end + 1, key, k + 1, memo);
            }
        }

        memo[b, k] = result;
        return result;
    }

    /// <summary>Whether text can be made of the parts in order, each null part standing for any text (a wildcard glob).</summary>
    private static bool Glob(List<string?> parts, string text)
    {
        // reachable[i]: the parts so far can produce exactly text[..i].
        var reachable = new bool[text.Length + 1];
        reachable[0] = true;
        foreach (string? part in parts)
        {
            var next = new bool[text.Length + 1];
            if (part is null)
            {
                bool any = false;
                for (int i = 0; i <= text.Length; i++)
                {
                    any |= reachable[i];
                    next[i] = any;
                }
            }
            else
            {
                for (int i = 0; i + part.Length <= text.Length; i++)
                {
                    if (reachable[i] && string.CompareOrdinal(text, i, part, 0, part.Length) == 0) next[i + part.Length] = true;
                }
            }

            reachable = next;
        }

        return reachable[text.Length];
    }

    private static KeyWord[] Words(IReadOnlyList<RoutingKeySegment> template)
    {
        var words = new List<KeyWord>();
        var current = new List<string?>();
        foreach (RoutingKeySegment segment in template)
        {
            if (segment.IsPlaceholder)
            {
                current.Add(null);
                continue;
            }

            string[] pieces = segment.Text.Split('.');
            for (int i = 0; i < pieces.Length; i++)
            {
                if (i > 0)
                {
                    words.Add(new KeyWord(Merge(current)));
                    current = [];
                }

                current.Add(pieces[i]);
            }
        }

        words.Add(new KeyWord(Merge(current)));
        return words.ToArray();
    }

    /// <summary>Joins adjacent literal parts, so a literal word is exactly one part.</summary>
    private static List<string?> Merge(List<string?> parts)
    {
        var merged = new List<string?>();
        foreach (string? part in parts)
        {
            if (part is not null && merged.Count > 0 && merged[merged.Count - 1] is { } previous) merged[merged.Count - 1] = previous + part;
            else merged.Add(part);
        }

        if (merged.Count == 0) merged.Add(string.Empty);
        return merged;
    }
}
