namespace TypedAmqp;

/// <summary>The base of every exception TypedAmqp throws for AMQP-level failures.</summary>
public class AmqpException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public AmqpException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public AmqpException(string message, Exception? innerException) : base(message, innerException) { }
}
