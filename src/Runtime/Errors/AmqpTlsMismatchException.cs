namespace TypedAmqp;

/// <summary>
/// One side speaks TLS and the other does not: <c>amqp://</c> to the broker's TLS port, or <c>amqps://</c> to its plain
/// AMQP port. The message names the endpoint and the scheme or port to use instead.
/// </summary>
public class AmqpTlsMismatchException : AmqpTlsException
{
    /// <summary>Creates the exception for an endpoint.</summary>
    /// <param name="endpoint">The broker's host and port.</param>
    /// <param name="brokerUsesTls">True when the broker answered in TLS to a plain connection; false when it answered a TLS handshake in plain AMQP.</param>
    /// <param name="innerException">The exception that revealed the mismatch, if any.</param>
    public AmqpTlsMismatchException(string endpoint, bool brokerUsesTls, Exception? innerException = null)
        : base(endpoint, Describe(endpoint, brokerUsesTls), innerException: innerException)
    {
        BrokerUsesTls = brokerUsesTls;
    }

    /// <summary>True when the broker's port expects TLS and the connection did not use it; false for the reverse.</summary>
    public bool BrokerUsesTls { get; }

    private static string Describe(string endpoint, bool brokerUsesTls) => brokerUsesTls
        ? $"The broker at {endpoint} speaks TLS, but this connection does not use TLS (amqp://). Connect with amqps:// to this port, or use the broker's plain AMQP port (usually 5672)."
        : $"The broker at {endpoint} does not speak TLS: it answered the TLS handshake of this amqps:// connection in plain AMQP. Connect with amqp:// to this port, or use the broker's TLS port (usually 5671).";
}
