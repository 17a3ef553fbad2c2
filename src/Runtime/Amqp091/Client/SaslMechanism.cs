namespace TypedAmqp.Amqp091;

/// <summary>How the client authenticates during the connection handshake.</summary>
public enum SaslMechanism
{
    /// <summary>User name and password (SASL PLAIN).</summary>
    Plain,
    /// <summary>Identity from the TLS client certificate (SASL EXTERNAL; RabbitMQ's rabbitmq_auth_mechanism_ssl plugin).</summary>
    External,
}
