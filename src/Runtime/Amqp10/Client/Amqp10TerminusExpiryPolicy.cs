namespace TypedAmqp.Amqp10;

/// <summary>When the peer's expiry timer for a detached terminus starts (terminus-expiry-policy, part 3 section 3.5.6).</summary>
public enum Amqp10TerminusExpiryPolicy
{
    /// <summary><c>link-detach</c>: when the link is detached.</summary>
    LinkDetach,

    /// <summary><c>session-end</c> (the spec's default): when the session ends.</summary>
    SessionEnd,

    /// <summary><c>connection-close</c>: when the connection closes.</summary>
    ConnectionClose,

    /// <summary><c>never</c>: the terminus does not expire (a durable subscription).</summary>
    Never,
}
