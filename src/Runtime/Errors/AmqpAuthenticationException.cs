namespace TypedAmqp;

/// <summary>The broker refused the credentials during the connection handshake.</summary>
public sealed class AmqpAuthenticationException : AmqpException
{
    /// <summary>Creates the exception; the message names the user and mechanism, never the password.</summary>
    public AmqpAuthenticationException(string message, Exception? innerException = null) : base(message, innerException) { }
}
