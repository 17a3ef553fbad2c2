namespace TypedAmqp.Amqp091;

/// <summary>Reply codes defined by AMQP 0-9-1 and used by RabbitMQ in close methods.</summary>
public static class ReplyCode
{
    /// <summary>200: the operation completed; used in a normal close.</summary>
    public const ushort Success = 200;
    /// <summary>311: a message could not be delivered because it is too large.</summary>
    public const ushort ContentTooLarge = 311;
    /// <summary>312: a mandatory message could not be routed to any queue.</summary>
    public const ushort NoRoute = 312;
    /// <summary>313: an immediate message found no ready consumer.</summary>
    public const ushort NoConsumers = 313;
    /// <summary>320: an operator closed the connection.</summary>
    public const ushort ConnectionForced = 320;
    /// <summary>402: the virtual host name or path is invalid.</summary>
    public const ushort InvalidPath = 402;
    /// <summary>403: access to the resource was refused (also wrong credentials).</summary>
    public const ushort AccessRefused = 403;
    /// <summary>404: the exchange or queue does not exist.</summary>
    public const ushort NotFound = 404;
    /// <summary>405: the resource is locked by another connection (exclusive queue).</summary>
    public const ushort ResourceLocked = 405;
    /// <summary>406: a declaration conflicts with the existing entity, or a precondition failed.</summary>
    public const ushort PreconditionFailed = 406;
    /// <summary>501: a malformed frame.</summary>
    public const ushort FrameError = 501;
    /// <summary>502: a frame with invalid field values.</summary>
    public const ushort SyntaxError = 502;
    /// <summary>503: a method not allowed in the current state.</summary>
    public const ushort CommandInvalid = 503;
    /// <summary>504: a frame on a channel that is not open.</summary>
    public const ushort ChannelError = 504;
    /// <summary>505: a frame of an unexpected type.</summary>
    public const ushort UnexpectedFrame = 505;
    /// <summary>506: the server ran out of a resource.</summary>
    public const ushort ResourceError = 506;
    /// <summary>530: the operation is not allowed (for example an unknown virtual host).</summary>
    public const ushort NotAllowed = 530;
    /// <summary>540: the method or feature is not implemented.</summary>
    public const ushort NotImplemented = 540;
    /// <summary>541: the peer hit an internal error.</summary>
    public const ushort InternalError = 541;
}
