namespace TypedAmqp.Observability;

/// <summary>
/// The <c>error.type</c> values TypedAmqp reports besides exception type names: a failed publish or handler otherwise
/// reports the full name of its exception's type (for example <c>System.InvalidOperationException</c>), as the
/// conventions ask. Few values, so metrics keep a low cardinality.
/// </summary>
public static class ErrorTypes
{
    /// <summary>The broker returned a mandatory publish: no queue took it.</summary>
    public const string Returned = "returned";

    /// <summary>The broker refused a publish with basic.nack.</summary>
    public const string Nacked = "nacked";

    /// <summary>A delivery reached the queue's delivery limit (x-delivery-count) and was rejected unhandled.</summary>
    public const string DeliveryLimitReached = "delivery_limit_reached";

    /// <summary>A request came without a reply-to address or correlation id, so it could not be answered.</summary>
    public const string MissingReplyAddress = "missing_reply_address";

    /// <summary>A delivery's headers field table could not be read; it was dead-lettered unhandled.</summary>
    public const string MalformedHeaders = "malformed_headers";

    /// <summary>A delivery carried a message type no handler of the consumer takes.</summary>
    public const string UnknownMessageType = "unknown_message_type";

    /// <summary>The value for a failure: <see cref="Returned"/> or <see cref="Nacked"/> for a refused publish, else the exception's type name.</summary>
    public static string Of(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure is PublishException publish) return publish.IsReturn ? Returned : Nacked;
        return failure.GetType().FullName ?? failure.GetType().Name;
    }
}
