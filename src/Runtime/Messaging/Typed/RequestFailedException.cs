namespace TypedAmqp.Messaging;

/// <summary>The responder's handler failed while handling a request; its error text came back in the reply.</summary>
public sealed class RequestFailedException : AmqpException
{
    /// <summary>Creates the exception for a request type and the responder's error.</summary>
    public RequestFailedException(string requestType, string error)
        : base($"The responder failed to handle the '{requestType}' request: {error}")
    {
        RequestType = requestType;
        Error = error;
    }

    /// <summary>The wire name of the request.</summary>
    public string RequestType { get; }

    /// <summary>What the responder reported.</summary>
    public string Error { get; }
}
