using System.Globalization;

namespace TypedAmqp.Messaging;

/// <summary>One broker to connect to: a host and, optionally, a port (the scheme's default when null).</summary>
/// <param name="Host">A host name or IP address (IPv6 without brackets).</param>
/// <param name="Port">The port; 5672 for amqp and 5671 for amqps when null.</param>
public readonly record struct AmqpEndpoint(string Host, int? Port = null)
{
    /// <summary>Parses "host", "host:port", "[v6-address]" or "[v6-address]:port".</summary>
    /// <exception cref="FormatException">The text is empty or its port is not a number from 1 to 65535.</exception>
    public static AmqpEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        string host = trimmed;
        string? port = null;
        if (trimmed.StartsWith('['))
        {
            int close = trimmed.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new FormatException($"The endpoint '{text}' opens '[' without closing it.");
            host = trimmed[1..close];
            string rest = trimmed[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') throw new FormatException($"The endpoint '{text}' has '{rest}' after its address; write [address]:port.");
                port = rest[1..];
            }
        }
        else if (trimmed.Count(c => c == ':') == 1)
        {
            int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            host = trimmed[..colon];
            port = trimmed[(colon + 1)..];
        }

        if (host.Length == 0) throw new FormatException($"The endpoint '{text}' has no host; write host or host:port.");
        if (port is null) return new AmqpEndpoint(host);
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number is > 0 and <= 65535
            ? new AmqpEndpoint(host, number)
            : throw new FormatException($"The endpoint '{text}' has port '{port}'; a port is a number from 1 to 65535.");
    }

    /// <summary>"host:port" ("[::1]:5672" for an IPv6 address), or the host alone when the port is the default.</summary>
    public override string ToString()
    {
        string host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return Port is { } port ? $"{host}:{port.ToString(CultureInfo.InvariantCulture)}" : host;
    }
}
