using System.Globalization;

namespace TypedAmqp.Messaging;

/// <summary>
/// An <c>amqp://user:pass@host:port/vhost?query</c> or <c>amqps://…</c> URI taken apart, percent-decoded. AMQP 0-9-1
/// and AMQP 1.0 clients write brokers the same way; each transport's options read their query parameters from
/// <see cref="Query"/>. Errors never show the password.
/// </summary>
internal sealed class BrokerUri
{
    private BrokerUri(string text, bool useTls)
    {
        Text = text;
        UseTls = useTls;
    }

    /// <summary>The URI as given (with its password: use <see cref="Redact"/> to show it).</summary>
    public string Text { get; }

    /// <summary>True for <c>amqps</c>.</summary>
    public bool UseTls { get; }

    /// <summary>The host, without an IPv6 address's brackets; null when the URI names none.</summary>
    public string? Host { get; private init; }

    /// <summary>The port, or null for the scheme's default.</summary>
    public int? Port { get; private init; }

    /// <summary>The user name, or null when the URI has no user information.</summary>
    public string? UserName { get; private init; }

    /// <summary>The password; empty when the user information has none, null when there is no user information.</summary>
    public string? Password { get; private init; }

    /// <summary>The virtual host, or null when the path is empty (the broker's default, "/"); "%2f" is "/".</summary>
    public string? VirtualHost { get; private init; }

    /// <summary>The query's parameters in order, names and values percent-decoded.</summary>
    public IReadOnlyList<(string Name, string Value)> Query { get; private init; } = [];

    /// <summary>Parses <paramref name="uri"/>.</summary>
    /// <exception cref="FormatException">Not an absolute amqp or amqps URI, or a virtual host with an unescaped '/'.</exception>
    public static BrokerUri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed))
        {
            throw new FormatException($"'{Redact(uri)}' is not an absolute AMQP URI (amqp://user:pass@host:port/vhost).");
        }

        bool useTls = parsed.Scheme switch
        {
            "amqp" => false,
            "amqps" => true,
            _ => throw new FormatException($"AMQP URIs use the scheme amqp or amqps, not '{parsed.Scheme}' ('{Redact(uri)}')."),
        };

        string? userName = null;
        string? password = null;
        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            string[] parts = parsed.UserInfo.Split(':', 2);
            userName = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        }

        string? virtualHost = null;
        string path = parsed.AbsolutePath;
        if (path.Length > 1)
        {
            string encoded = path[1..];
            if (encoded.Contains('/'))
            {
                throw new FormatException($"The virtual host in '{Redact(uri)}' contains '/'; write it percent-encoded as %2F.");
            }

            virtualHost = Uri.UnescapeDataString(encoded);
        }

        return new BrokerUri(uri, useTls)
        {
            Host = string.IsNullOrEmpty(parsed.Host) ? null : parsed.IdnHost.Trim('[', ']'),
            Port = !parsed.IsDefaultPort && parsed.Port > 0 ? parsed.Port : null,
            UserName = userName,
            Password = password,
            VirtualHost = virtualHost,
            Query = ParseQuery(parsed.Query),
        };
    }

    /// <summary>Replaces the password in a URI with "***" so the URI can be logged or shown in errors.</summary>
    public static string Redact(string uri)
    {
        int schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        int at = uri.LastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd) return uri;
        int colon = uri.IndexOf(':', schemeEnd + 3);
        if (colon < 0 || colon > at) return uri;
        return string.Concat(uri.AsSpan(0, colon + 1), "***", uri.AsSpan(at));
    }

    /// <summary>A query parameter's value as a number, or a <see cref="FormatException"/> naming it.</summary>
    public T Number<T>(string name, string value) where T : IParsable<T>
    {
        if (!T.TryParse(value, CultureInfo.InvariantCulture, out T? number))
        {
            throw new FormatException($"Query parameter {name}='{value}' in '{Redact(Text)}' is not a valid {typeof(T).Name}.");
        }

        return number;
    }

    private static (string Name, string Value)[] ParseQuery(string query) =>
        [.. query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            string[] parts = pair.Split('=', 2);
            return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        })];
}
