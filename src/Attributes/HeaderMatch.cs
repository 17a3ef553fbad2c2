namespace TypedAmqp;

/// <summary>How a headers-exchange binding matches (x-match).</summary>
public enum HeaderMatch
{
    /// <summary>Every listed header must match (headers starting with x- are not compared).</summary>
    All,
    /// <summary>At least one listed header must match (headers starting with x- are not compared).</summary>
    Any,
    /// <summary>Every listed header must match, x- headers included (x-match all-with-x, RabbitMQ 3.10 and later).</summary>
    AllWithX,
    /// <summary>At least one listed header must match, x- headers included (x-match any-with-x, RabbitMQ 3.10 and later).</summary>
    AnyWithX,
}
