using Microsoft.Extensions.Logging;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The recovery loop: it waits for the connection to be lost, connects again with the back-off (the first attempt at
/// once), declares the recorded topologies again and starts every subscription again, each step within
/// <see cref="RecoveryOptions.StepTimeout"/>; a step the new connection fails goes round again.
/// </summary>
public sealed partial class Amqp10MessagingTransport
{
    /// <summary>A topology declared through the transport, with the names the latest declaration gave its server-named queues.</summary>
    private sealed record RecordedTopology(TopologyDescription Topology, TopologyMode Mode)
    {
        public required DeclaredTopology Declared { get; set; }
    }

    private async Task RecoverAsync(RecoveryOptions recovery)
    {
        CancellationToken closing = _closingToken.Token;
        try
        {
            while (true)
            {
                Amqp10Messaging lost = _messaging!;
                await lost.Connection.Closed.WaitAsync(closing).ConfigureAwait(false);
                Exception reason = lost.Connection.Failure ?? new Amqp10ClosedException("connection", $"{Endpoint} closed the connection");
                Amqp10RecoveringSubscription[] subscriptions;
                lock (_gate)
                {
                    if (_closing) return;
                    _recovered ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    subscriptions = [.. _subscriptions];
                }

                _lostReason = reason.Message;
                foreach (Amqp10RecoveringSubscription subscription in subscriptions) subscription.ConnectionLost(reason);
                LogConnectionLost(_logger, Endpoint, reason.Message);
                await lost.DisposeAsync().ConfigureAwait(false);

                Amqp10Messaging recovered = await ReconnectAsync(recovery, closing).ConfigureAwait(false);
                TaskCompletionSource? waiting;
                bool closed;
                lock (_gate)
                {
                    closed = _closing;
                    if (!closed) _messaging = recovered;
                    waiting = _recovered;
                    _recovered = null;
                }

                if (closed)
                {
                    await recovered.DisposeAsync().ConfigureAwait(false); // closed as it recovered: the new connection is not wanted
                    return;
                }

                _lostReason = null;
                LogRecovered(_logger, Endpoint);
                waiting?.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            // Closed by the application.
        }
        catch (Exception e)
        {
            // A defect, not a loss: stop recovering rather than leave publishes and subscriptions waiting for ever.
            LogRecoveryFailed(_logger, Endpoint, e);
            _recoveryFailed = e;
            StopForGood(e);
        }
    }

    /// <summary>
    /// Connects and restores the topologies and subscriptions, attempt after attempt with the back-off, until one
    /// connection takes them all; cancelled by closing the transport.
    /// </summary>
    private async Task<Amqp10Messaging> ReconnectAsync(RecoveryOptions recovery, CancellationToken closing)
    {
        for (int attempt = 1; ; attempt++)
        {
            await Task.Delay(recovery.DelayBefore(attempt), closing).ConfigureAwait(false);
            Amqp10Messaging next;
            try
            {
                next = await Amqp10Messaging.ConnectAsync(_options, _logger, closing).ConfigureAwait(false);
            }
            catch (Exception e) when (!closing.IsCancellationRequested)
            {
                // Refused, unreachable, or the endpoint resolver failed (DNS, a registry): the next attempt may do better.
                LogReconnectFailed(_logger, Endpoint, attempt, e.Message);
                continue;
            }

            try
            {
                await RestoreAsync(next, recovery, closing).ConfigureAwait(false);
                return next;
            }
            catch (Exception e) when (!closing.IsCancellationRequested && (next.Connection.IsStopped || e is OperationCanceledException))
            {
                // Lost again, or a step took too long: start over on a fresh connection.
                LogReconnectFailed(_logger, Endpoint, attempt, e.Message);
                await next.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await next.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Declares each recorded topology again and starts each subscription again on <paramref name="next"/>. A
    /// subscription the broker refuses now, or that does not start within the step timeout, stays recovering and is
    /// retried on its own with the back-off while this connection lasts (an exclusive queue can stay locked by the
    /// broker's ghost of the lost connection for a while); a refused topology is logged, and the subscriptions that need
    /// it are retried in their turn. Subscriptions added while this runs are taken too.
    /// </summary>
    private async Task RestoreAsync(Amqp10Messaging next, RecoveryOptions recovery, CancellationToken closing)
    {
        RecordedTopology[] topologies;
        lock (_gate) topologies = [.. _declared];

        foreach (RecordedTopology recorded in topologies)
        {
            using var step = Step(recovery, closing);
            try
            {
                DeclaredTopology declared = await next.DeclareAsync(recorded.Topology, recorded.Mode, step.Token).ConfigureAwait(false);
                lock (_gate) recorded.Declared = declared;
            }
            catch (AmqpException e) when (!next.Connection.IsStopped)
            {
                LogRedeclareFailed(_logger, Endpoint, e);
            }
        }

        var done = new HashSet<Amqp10RecoveringSubscription>();
        while (Pending(done, next) is { Length: > 0 } pass)
        {
            foreach (Amqp10RecoveringSubscription subscription in pass)
            {
                done.Add(subscription);
                if (!await TryRestartAsync(subscription, next, recovery, closing).ConfigureAwait(false))
                {
                    _ = KeepRestartingAsync(subscription, next, recovery, closing);
                }
            }
        }
    }

    /// <summary>The subscriptions not yet taken in this restore, and not running on <paramref name="next"/> already.</summary>
    private Amqp10RecoveringSubscription[] Pending(HashSet<Amqp10RecoveringSubscription> done, Amqp10Messaging next)
    {
        lock (_gate) return [.. _subscriptions.Where(s => !done.Contains(s) && !s.RunsOn(next))];
    }

    /// <summary>One start of <paramref name="subscription"/> on <paramref name="next"/>; false when refused or too slow with the connection up.</summary>
    private async Task<bool> TryRestartAsync(Amqp10RecoveringSubscription subscription, Amqp10Messaging next, RecoveryOptions recovery, CancellationToken closing)
    {
        using var step = Step(recovery, closing);
        try
        {
            await subscription.RestartAsync(next, step.Token).WaitAsync(step.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!next.Connection.IsStopped && !closing.IsCancellationRequested && e is AmqpException or OperationCanceledException)
        {
            LogResubscribeFailed(_logger, subscription.Queue, e);
            subscription.Refused(e);
            return false;
        }
    }

    /// <summary>Retries a refused subscription with the back-off while <paramref name="next"/> is up; the next recovery takes it over otherwise.</summary>
    private async Task KeepRestartingAsync(Amqp10RecoveringSubscription subscription, Amqp10Messaging next, RecoveryOptions recovery, CancellationToken closing)
    {
        try
        {
            for (int attempt = 2; !next.Connection.IsStopped && subscription.State == SubscriptionState.Recovering; attempt++)
            {
                await Task.Delay(recovery.DelayBefore(attempt), closing).ConfigureAwait(false);
                if (next.Connection.IsStopped || subscription.RunsOn(next)) return;
                if (await TryRestartAsync(subscription, next, recovery, closing).ConfigureAwait(false)) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or AmqpException)
        {
            // Closing, or the connection went: the recovery loop starts it again on the next one.
        }
    }

    private static CancellationTokenSource Step(RecoveryOptions recovery, CancellationToken closing)
    {
        var step = CancellationTokenSource.CreateLinkedTokenSource(closing);
        step.CancelAfter(recovery.StepTimeout);
        return step;
    }

    /// <summary>After a defect in the loop: every subscription stops and waiting publishes fail, with <paramref name="error"/>.</summary>
    private void StopForGood(Exception error)
    {
        Amqp10RecoveringSubscription[] subscriptions;
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
            waiting = _recovered;
        }

        foreach (Amqp10RecoveringSubscription subscription in subscriptions) subscription.StopForGood(ConsumerStopReason.ChannelClosed, error);
        if (waiting is not null) Amqp10Completions.Fail(waiting, new Amqp10ClosedException("connection", $"to {Endpoint} could not be recovered", innerException: error));
    }

    [LoggerMessage(301, LogLevel.Warning, "AMQP 1.0 connection to {Endpoint} lost, recovering: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(302, LogLevel.Information, "AMQP 1.0 connection to {Endpoint} recovered")]
    private static partial void LogRecovered(ILogger logger, string endpoint);

    [LoggerMessage(303, LogLevel.Warning, "AMQP 1.0 recovery attempt {Attempt} to {Endpoint} failed: {Reason}")]
    private static partial void LogReconnectFailed(ILogger logger, string endpoint, int attempt, string reason);

    [LoggerMessage(304, LogLevel.Error, "AMQP 1.0 recovery of {Endpoint} could not declare a recorded topology again")]
    private static partial void LogRedeclareFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(305, LogLevel.Warning, "AMQP 1.0 subscription to queue '{Queue}' could not be started again; retrying")]
    private static partial void LogResubscribeFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(306, LogLevel.Critical, "AMQP 1.0 recovery of {Endpoint} failed; the transport stops recovering")]
    private static partial void LogRecoveryFailed(ILogger logger, string endpoint, Exception exception);
}
