using System.Text;

namespace TypedAmqp.Generators.Validation;

/// <summary>RabbitMQ's rules for exchange and queue names and routing keys.</summary>
internal static class NameRules
{
    /// <summary>Returns why <paramref name="name"/> is not a valid declared name, or null.</summary>
    public static string? Problem(string name, bool allowEmpty)
    {
        if (name.Length == 0) return allowEmpty ? null : "an empty name is the default exchange, which cannot be declared";
        if (Encoding.UTF8.GetByteCount(name) > 255) return $"it is {Encoding.UTF8.GetByteCount(name)} UTF-8 bytes; names hold at most 255";
        if (name.StartsWith("amq.", System.StringComparison.Ordinal)) return "the 'amq.' prefix is reserved for the broker";
        return null;
    }

    /// <summary>Returns why a topic binding key (<paramref name="isBinding"/>) or published key is malformed, or null.</summary>
    public static string? TopicKeyProblem(string key, bool isBinding)
    {
        if (Encoding.UTF8.GetByteCount(key) > 255) return "a routing key holds at most 255 UTF-8 bytes";
        if (key.Length == 0) return null;
        foreach (string word in key.Split('.'))
        {
            if (word.Length == 0) return "it has an empty word (a leading, trailing or doubled '.')";
            bool hasWildcard = word.IndexOf('*') >= 0 || word.IndexOf('#') >= 0;
            if (!hasWildcard) continue;
            if (!isBinding) return "published routing keys are literal; '*' and '#' only act as wildcards in binding keys";
            if (word != "*" && word != "#") return $"the word '{word}' mixes a wildcard with other characters; '*' and '#' must stand alone between dots";
        }

        return null;
    }
}
