using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// Connects at start-up (retrying while the broker is unreachable), declares the topology, then starts the consumers.
/// At shutdown it stops taking deliveries, lets in-flight handlers finish (and ack) within the host's shutdown
/// timeout, waits for outstanding publisher confirms, and closes the connection; whatever could not finish is
/// requeued by the broker when the channel closes. When the connection is lost while the host runs (and recovery is on),
/// it reconnects with exponential back-off, declares the topology again and restarts the consumers; injected publishers
/// follow the new connection.
/// </summary>
internal sealed partial class TypedAmqpHostedService(
    RunningOptions options, TypedAmqpBuilder builder, TypedAmqpRuntime runtime, IServiceProvider services, ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("TypedAmqp.Hosting");
    private readonly CancellationTokenSource _stopping = new();
    private Task _recovery = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ConnectAndStartAsync(retryUntil: DateTime.UtcNow + options.Initial.ConnectRetryTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Connects (retrying on the back-off schedule until <paramref name="retryUntil"/>; recovery passes the past, as
    /// it schedules its own attempts), declares the topology and starts the consumers.
    /// </summary>
    private async Task ConnectAndStartAsync(DateTime retryUntil, CancellationToken cancellationToken)
    {
        AmqpConnectionOptions connectionOptions = options.Current.ToConnectionOptions();
        AmqpConnection connection = await ConnectWithRetryAsync(connectionOptions, retryUntil, cancellationToken).ConfigureAwait(false);
        var messaging = new AmqpMessaging(connection, loggerFactory.CreateLogger("TypedAmqp.Messaging"))
        {
            PublisherConfirms = options.Initial.PublisherConfirms,
            RunHandlersOnReaderThread = options.Initial.RunHandlersOnReaderThread,
        };
        runtime.Attach(messaging);

        // Declared again on every connection: a server-named queue gets a new name each time, and its bindings and
        // consumers follow it.
        var declared = new List<DeclaredTopology>();
        foreach (TopologyDescription topology in builder.Topologies)
        {
            declared.Add(await messaging.DeclareAsync(topology, options.Initial.Topology, cancellationToken).ConfigureAwait(false));
        }

        runtime.MarkPublishable(messaging);

        var consumers = new List<(ConsumerRegistration, AmqpConsumer)>();
        foreach (ConsumerRegistration registration in builder.Consumers)
        {
            ILogger consumerLogger = loggerFactory.CreateLogger("TypedAmqp.Consumers." + registration.Name);
            string queue = (declared.FirstOrDefault(d => d.Contains(registration.Queue)) ?? DeclaredTopology.None).QueueName(registration.Queue);
            AmqpConsumer consumer = await messaging.SubscribeAsync(
                queue, registration.Prefetch, registration.Concurrency,
                (delivery, token) => registration.Dispatch(services, consumerLogger, delivery, token), cancellationToken).ConfigureAwait(false);
            consumers.Add((registration, consumer));
            LogConsumerStarted(_logger, registration.Name, queue, registration.Prefetch, registration.Concurrency);
        }

        runtime.Consumers = consumers;
        if (options.Initial.Recovery) _ = connection.Completion.ContinueWith(
            static (closed, state) => ((TypedAmqpHostedService)state!).OnConnectionClosed(closed.Result), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnConnectionClosed(CloseReason reason)
    {
        if (runtime.IsStopping || reason.Initiator == CloseInitiator.Application) return;
        LogConnectionLost(_logger, reason.ToString());
        _recovery = Task.Run(RecoverAsync);
    }

    /// <summary>Reconnects, the first attempt at once and then with jittered exponential back-off, until it succeeds or the host stops.</summary>
    private async Task RecoverAsync()
    {
        for (int attempt = 1; !_stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                TimeSpan delay = ReconnectBackoff.Before(attempt, options.Current.RecoveryInitialDelay, options.Current.RecoveryMaxDelay, Random.Shared.NextDouble());
                if (delay > TimeSpan.Zero) await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                await ConnectAndStartAsync(retryUntil: DateTime.MinValue, _stopping.Token).ConfigureAwait(false);
                LogRecovered(_logger, attempt);
                return;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is AmqpException or IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                LogRecoveryFailed(_logger, attempt, ex.Message);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        runtime.MarkStopping();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _recovery.ConfigureAwait(false);
        foreach ((ConsumerRegistration registration, AmqpConsumer consumer) in runtime.Consumers)
        {
            try
            {
                await consumer.CancelAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogShutdownTimeout(_logger, registration.Name);
            }

            await consumer.Channel.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (runtime.Connection is { } connection)
        {
            try
            {
                await runtime.Messaging.WaitForConfirmsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogConfirmsAbandoned(_logger);
            }

            await runtime.Messaging.DisposeAsync().ConfigureAwait(false);
            await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<AmqpConnection> ConnectWithRetryAsync(AmqpConnectionOptions connectionOptions, DateTime retryUntil, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await AmqpConnection.ConnectAsync(connectionOptions, loggerFactory.CreateLogger("TypedAmqp.Connection"), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or TimeoutException or IOException or AmqpEndpointsUnreachableException)
            {
                TimeSpan delay = ReconnectBackoff.Before(attempt + 1, options.Current.RecoveryInitialDelay, options.Current.RecoveryMaxDelay, Random.Shared.NextDouble());
                if (DateTime.UtcNow + delay >= retryUntil) throw;
                LogConnectRetry(_logger, connectionOptions.ToString(), delay.TotalSeconds, ex.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(200, LogLevel.Information, "Consumer {Consumer} started on queue {Queue} (prefetch {Prefetch}, concurrency {Concurrency})")]
    private static partial void LogConsumerStarted(ILogger logger, string consumer, string queue, ushort prefetch, int concurrency);

    [LoggerMessage(201, LogLevel.Warning, "Consumer {Consumer} did not finish its in-flight messages within the shutdown timeout; the broker requeues them")]
    private static partial void LogShutdownTimeout(ILogger logger, string consumer);

    [LoggerMessage(202, LogLevel.Warning, "Shutdown timed out while publishes still waited for broker confirms")]
    private static partial void LogConfirmsAbandoned(ILogger logger);

    [LoggerMessage(204, LogLevel.Warning, "The connection to the broker was lost ({Reason}); recovering")]
    private static partial void LogConnectionLost(ILogger logger, string reason);

    [LoggerMessage(205, LogLevel.Information, "Recovered the connection after {Attempts} attempt(s); topology declared and consumers restarted")]
    private static partial void LogRecovered(ILogger logger, int attempts);

    [LoggerMessage(206, LogLevel.Warning, "Recovery attempt {Attempt} failed: {Reason}")]
    private static partial void LogRecoveryFailed(ILogger logger, int attempt, string reason);

    [LoggerMessage(203, LogLevel.Warning, "Cannot reach the broker at {Endpoint}; retrying in {DelaySeconds} s: {Reason}")]
    private static partial void LogConnectRetry(ILogger logger, string endpoint, double delaySeconds, string reason);
}
