using TypedAmqp.Messaging;
using Microsoft.Extensions.Logging;

namespace TypedAmqp.Hosting;

/// <summary>A consumer the hosted service starts: its queue, its settings, and how to dispatch one delivery inside a DI scope.</summary>
/// <param name="Name">The consumer contract's name, for logs and health reports.</param>
/// <param name="Queue">The queue consumed.</param>
/// <param name="Prefetch">Unacknowledged deliveries the broker sends ahead.</param>
/// <param name="Concurrency">Handlers running at once.</param>
/// <param name="Dispatch">Handles one delivery with a handler resolved from the given scope's services.</param>
public sealed record ConsumerRegistration(
    string Name, string Queue, ushort Prefetch, int Concurrency, Func<IServiceProvider, ILogger, ReceivedMessage, CancellationToken, ValueTask> Dispatch);
