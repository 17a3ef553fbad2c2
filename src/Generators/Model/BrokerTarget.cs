using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>The RabbitMQ version whose rules apply: from [assembly: TargetBroker], the TypedAmqpBrokerVersion property, or 4.0.</summary>
/// <param name="Major">Major version.</param>
/// <param name="Minor">Minor version.</param>
/// <param name="Written">The version as written, for messages; null when defaulted.</param>
/// <param name="Location">The attribute's location, when it came from one.</param>
internal sealed record BrokerTarget(int Major, int Minor, string? Written, LocationInfo? Location)
{
    public static readonly BrokerTarget Default = new(4, 0, null, null);

    public bool IsAtLeast4 => Major >= 4;

    public string Name => $"RabbitMQ {Major}.{Minor}";

    /// <summary>Reads "3.13", "4", "4.0.5"; returns null when the text is not a version.</summary>
    public static BrokerTarget? Parse(string? text, LocationInfo? location)
    {
        if (text is null) return null;
        string[] parts = text.Trim().Split('.');
        if (parts.Length == 0 || !int.TryParse(parts[0], out int major) || major < 1) return null;
        int minor = 0;
        if (parts.Length > 1 && (!int.TryParse(parts[1], out minor) || minor < 0)) return null;
        return new BrokerTarget(major, minor, text, location);
    }
}
