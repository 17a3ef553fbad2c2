namespace TypedAmqp.Messaging;

/// <summary>Where an <see cref="IMessagingTransport"/>'s connection stands, in words fit for a health check or a log.</summary>
/// <param name="HasConnected">Whether a connection was ever opened.</param>
/// <param name="IsOpen">Whether the current connection is open.</param>
/// <param name="IsBlocked">Whether the broker is holding publishers back (a resource alarm).</param>
/// <param name="Endpoint">The broker's host and port, or null before the first connection.</param>
/// <param name="CloseReason">Why the current connection closed, while it is closed; else null.</param>
public readonly record struct TransportStatus(bool HasConnected, bool IsOpen, bool IsBlocked, string? Endpoint, string? CloseReason);
