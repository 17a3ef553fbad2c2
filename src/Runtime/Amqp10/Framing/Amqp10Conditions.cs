namespace TypedAmqp.Amqp10;

/// <summary>The error conditions of AMQP 1.0 part 2 section 2.8.15–2.8.18 that this engine sends or tells apart.</summary>
public static class Amqp10Conditions
{
    /// <summary>An error on the peer's side (amqp:internal-error).</summary>
    public const string InternalError = "amqp:internal-error";
    /// <summary>The address or node does not exist (amqp:not-found); RabbitMQ: no such queue or exchange.</summary>
    public const string NotFound = "amqp:not-found";
    /// <summary>The user may not do this (amqp:unauthorized-access).</summary>
    public const string UnauthorizedAccess = "amqp:unauthorized-access";
    /// <summary>Data could not be decoded (amqp:decode-error).</summary>
    public const string DecodeError = "amqp:decode-error";
    /// <summary>A limit was exceeded (amqp:resource-limit-exceeded); also sent by this side on an idle timeout.</summary>
    public const string ResourceLimitExceeded = "amqp:resource-limit-exceeded";
    /// <summary>The peer tried something not allowed (amqp:not-allowed).</summary>
    public const string NotAllowed = "amqp:not-allowed";
    /// <summary>A field held an invalid value (amqp:invalid-field).</summary>
    public const string InvalidField = "amqp:invalid-field";
    /// <summary>The peer does not implement what was asked (amqp:not-implemented).</summary>
    public const string NotImplemented = "amqp:not-implemented";
    /// <summary>A precondition failed (amqp:precondition-failed), such as a full queue.</summary>
    public const string PreconditionFailed = "amqp:precondition-failed";
    /// <summary>The resource was deleted (amqp:resource-deleted).</summary>
    public const string ResourceDeleted = "amqp:resource-deleted";
    /// <summary>A frame arrived in a state that does not allow it (amqp:illegal-state).</summary>
    public const string IllegalState = "amqp:illegal-state";
    /// <summary>A max-frame-size under 512 (amqp:frame-size-too-small).</summary>
    public const string FrameSizeTooSmall = "amqp:frame-size-too-small";
    /// <summary>The peer closed the connection on purpose, an operator for one (amqp:connection:forced).</summary>
    public const string ConnectionForced = "amqp:connection:forced";
    /// <summary>A frame was malformed (amqp:connection:framing-error).</summary>
    public const string FramingError = "amqp:connection:framing-error";
    /// <summary>The container is elsewhere (amqp:connection:redirect).</summary>
    public const string Redirect = "amqp:connection:redirect";
    /// <summary>A transfer beyond the session window (amqp:session:window-violation).</summary>
    public const string WindowViolation = "amqp:session:window-violation";
    /// <summary>A frame for a link that is not attached (amqp:session:errant-link).</summary>
    public const string ErrantLink = "amqp:session:errant-link";
    /// <summary>An attach with a handle already in use (amqp:session:handle-in-use).</summary>
    public const string HandleInUse = "amqp:session:handle-in-use";
    /// <summary>A frame on a handle no link has (amqp:session:unattached-handle).</summary>
    public const string UnattachedHandle = "amqp:session:unattached-handle";
    /// <summary>The peer detached the link on purpose (amqp:link:detach-forced).</summary>
    public const string DetachForced = "amqp:link:detach-forced";
    /// <summary>A delivery without credit (amqp:link:transfer-limit-exceeded).</summary>
    public const string TransferLimitExceeded = "amqp:link:transfer-limit-exceeded";
    /// <summary>A message over the link's max-message-size (amqp:link:message-size-exceeded).</summary>
    public const string MessageSizeExceeded = "amqp:link:message-size-exceeded";
    /// <summary>The link's node is elsewhere (amqp:link:redirect).</summary>
    public const string LinkRedirect = "amqp:link:redirect";
    /// <summary>Another link with the same name took over (amqp:link:stolen).</summary>
    public const string Stolen = "amqp:link:stolen";
}
