namespace TypedAmqp.Messaging;

/// <summary>Which way a <see cref="MessageOperation"/> moves messages, from the application's side (AsyncAPI's action).</summary>
public enum OperationAction
{
    /// <summary>The application publishes to an exchange: a publisher contract's method.</summary>
    Send,

    /// <summary>The application consumes from a queue: a consumer contract's handler.</summary>
    Receive,
}
