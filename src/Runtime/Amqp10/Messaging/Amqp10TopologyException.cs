namespace TypedAmqp;

/// <summary>
/// RabbitMQ refused, or could not find, an exchange, queue or binding declared or verified over AMQP 1.0 (its
/// management node answers like HTTP: 404 not found, 409 declared differently, 400 bad request, 403 not permitted).
/// </summary>
public sealed class Amqp10TopologyException : AmqpException
{
    /// <summary>Creates the exception for the entity <paramref name="entityKind"/> <paramref name="entityName"/>.</summary>
    public Amqp10TopologyException(string entityKind, string entityName, string statusCode, string reason, Exception? innerException = null)
        : base($"RabbitMQ refused {entityKind} '{entityName}' ({statusCode}): {reason}", innerException)
    {
        EntityKind = entityKind;
        EntityName = entityName;
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>"exchange", "queue" or "binding".</summary>
    public string EntityKind { get; }

    /// <summary>The exchange's or queue's name, or the binding as "source → destination (key)".</summary>
    public string EntityName { get; }

    /// <summary>The management node's status code, such as "404" or "409".</summary>
    public string StatusCode { get; }

    /// <summary>The broker's explanation.</summary>
    public string Reason { get; }

    /// <summary>True when the entity does not exist (404).</summary>
    public bool IsNotFound => StatusCode == "404";

    /// <summary>True when the entity exists with other properties or arguments (409, AMQP 0-9-1's 406 PRECONDITION_FAILED).</summary>
    public bool IsConflict => StatusCode == "409";
}
