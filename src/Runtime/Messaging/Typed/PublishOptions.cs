namespace TypedAmqp.Messaging;

/// <summary>Per-call settings for a typed publish; every property is optional.</summary>
public sealed class PublishOptions
{
    /// <summary>Extra application headers.</summary>
    public Dictionary<string, object?>? Headers { get; set; }

    /// <summary>Message priority (queues with a max priority).</summary>
    public byte? Priority { get; set; }

    /// <summary>Per-message time to live.</summary>
    public TimeSpan? Expiration { get; set; }

    /// <summary>Whether the broker writes the message to disk; persistent unless set to false.</summary>
    public bool? Persistent { get; set; }

    /// <summary>Correlation id, for example of the request this message answers.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>Message id; a new GUID when not set.</summary>
    public string? MessageId { get; set; }

    /// <summary>Reply-to address.</summary>
    public string? ReplyTo { get; set; }
}
