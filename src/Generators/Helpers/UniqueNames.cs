using System;
using System.Collections.Generic;

namespace TypedAmqp.Generators.Helpers;

/// <summary>Hands out names that are unique within one scope: the name itself, or a numbered form when it is taken.</summary>
internal sealed class UniqueNames(IEqualityComparer<string>? comparer = null)
{
    private readonly HashSet<string> _used = new(comparer ?? StringComparer.Ordinal);

    /// <summary>Marks a name as taken without handing it out (names the scope has anyway).</summary>
    public void Reserve(string name) => _used.Add(name);

    /// <summary>
    /// <paramref name="name"/> when free, else the first free of its numbered forms 2, 3, … (<paramref name="numbered"/>
    /// writes them; by default the number is appended).
    /// </summary>
    public string Claim(string name, Func<int, string>? numbered = null)
    {
        if (_used.Add(name)) return name;
        for (int i = 2; ; i++)
        {
            string candidate = numbered?.Invoke(i) ?? name + i;
            if (_used.Add(candidate)) return candidate;
        }
    }
}
