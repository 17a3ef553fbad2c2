using System.Collections.Concurrent;
using System.Text;

namespace TypedAmqp.Observability;

/// <summary>
/// The destination templates of publishes (<c>{exchange}:{routing-key template}</c>), composed once per exchange and
/// template: generated publishers pass the same few templates on every publish, and composing the string each time
/// would cost every measured publish an allocation, metrics being on by default in hosted applications.
/// </summary>
internal static class DestinationTemplates
{
    // Generated code has a bounded number of templates; this bounds what other callers can make the cache hold.
    private const int MaxCached = 1024;

    private static readonly ConcurrentDictionary<string, Entry[]> s_byRoutingKeyTemplate = new(StringComparer.Ordinal);

    private sealed record Entry(byte[] Exchange, string Template);

    /// <summary>The destination template of a publish to <paramref name="exchangeUtf8"/> with <paramref name="routingKeyTemplate"/>.</summary>
    public static string Of(ReadOnlySpan<byte> exchangeUtf8, string routingKeyTemplate)
    {
        if (s_byRoutingKeyTemplate.TryGetValue(routingKeyTemplate, out Entry[]? entries))
        {
            foreach (Entry entry in entries)
            {
                if (exchangeUtf8.SequenceEqual(entry.Exchange)) return entry.Template;
            }
        }

        string template = RabbitMqDestination.OfPublish(Encoding.UTF8.GetString(exchangeUtf8), routingKeyTemplate);
        if (s_byRoutingKeyTemplate.Count < MaxCached)
        {
            // A race may drop one of two entries added at once; the loser is composed again next time, then kept.
            Entry[] grown = [.. entries ?? [], new Entry(exchangeUtf8.ToArray(), template)];
            if (entries is null) s_byRoutingKeyTemplate.TryAdd(routingKeyTemplate, grown);
            else s_byRoutingKeyTemplate.TryUpdate(routingKeyTemplate, grown, entries);
        }

        return template;
    }

    /// <summary>
    /// Whether the routing key is the template itself: a template without placeholders. Then the destination name
    /// cannot vary and metrics may carry it.
    /// </summary>
    public static bool IsConstant(string routingKeyTemplate, ReadOnlySpan<byte> routingKeyUtf8)
    {
        if (routingKeyTemplate.Contains('{', StringComparison.Ordinal)) return false;
        if (Encoding.UTF8.GetByteCount(routingKeyTemplate) != routingKeyUtf8.Length || routingKeyUtf8.Length > 255) return false;
        Span<byte> encoded = stackalloc byte[255];
        int written = Encoding.UTF8.GetBytes(routingKeyTemplate, encoded);
        return encoded[..written].SequenceEqual(routingKeyUtf8);
    }
}
