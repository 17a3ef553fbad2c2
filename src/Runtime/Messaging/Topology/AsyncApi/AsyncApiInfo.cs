namespace TypedAmqp.Messaging;

/// <summary>What an AsyncAPI document says about the application and where its broker is.</summary>
/// <param name="Title">The application's name, such as the assembly name.</param>
/// <param name="Version">The application's (or its API's) version.</param>
/// <param name="Server">
/// The broker as an AMQP URI (amqp://host:5672/vhost); only host, port and virtual host are written, never the
/// credentials. Null writes no servers section.
/// </param>
/// <param name="Description">A sentence about the application; null for none.</param>
public sealed record AsyncApiInfo(string Title, string Version = "1.0.0", string? Server = null, string? Description = null);
