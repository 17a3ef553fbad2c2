using System.Net;
using Microsoft.Extensions.Logging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The client's one background loop: it waits for the connection to stop and, with reconnect on, connects again
/// (cycling through the endpoints with growing delays), then attaches every sender's and receiver's link again.
/// </summary>
public sealed partial class Amqp10Client
{
    /// <summary>Adds a new sender's or receiver's holder; one made as the client closed is stopped at once.</summary>
    private void Register(IAmqp10LinkHolder holder)
    {
        lock (_holders) _holders.Add(holder);
        if (_closing.IsCancellationRequested || _closed.Task.IsCompleted) holder.Fail(new Amqp10ClosedException("connection", $"the client of {Endpoint} was closed"));
    }

    /// <summary>Forgets a holder whose sender or receiver was closed (or detached, <paramref name="closed"/> false), and stops it.</summary>
    internal void Unregister(IAmqp10LinkHolder holder, Exception reason, bool closed = true)
    {
        lock (_holders) _holders.Remove(holder);
        holder.Fail(reason, closed);
    }

    private IAmqp10LinkHolder[] Holders()
    {
        lock (_holders) return [.. _holders];
    }

    /// <summary>Stops every holder: waiting senders and receivers get <paramref name="reason"/>.</summary>
    private void StopLinks(Exception reason)
    {
        foreach (IAmqp10LinkHolder holder in Holders()) holder.Fail(reason);
    }

    private async Task SuperviseAsync()
    {
        Exception? failure;
        try
        {
            failure = await SuperviseConnectionsAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A defect, not a loss: stop for good rather than leave callers waiting for links that will never come.
            failure = new Amqp10ClosedException("connection", $"reconnecting to {Endpoint} failed unexpectedly", innerException: e);
        }

        _failure = failure;
        StopLinks(failure ?? new Amqp10ClosedException("connection", $"the client of {Endpoint} was closed"));
        if (failure is not null) Log.GaveUp(_logger, Endpoint, failure.Message, failure);
        Changed(Amqp10ClientState.Closed, failure);
        _closed.TrySetResult();
    }

    /// <summary>
    /// Waits for each connection to stop and, with reconnect on, makes the next; returns why the client stops (null
    /// when closed by the application). Attempts are counted across losses: a connection lost again within
    /// <see cref="Amqp10ReconnectOptions.MaxDelay"/> of being made did not reset them, so a peer that accepts and then
    /// drops every connection meets the back-off and <see cref="Amqp10ReconnectOptions.MaxAttempts"/>.
    /// </summary>
    private async Task<Exception?> SuperviseConnectionsAsync()
    {
        int attempts = 0;
        long connectedAt = Environment.TickCount64;
        while (true)
        {
            Amqp10Connection lost = _connection;
            await lost.Closed.ConfigureAwait(false);
            await lost.DisposeAsync().ConfigureAwait(false); // its socket, timers and loops, whoever stopped it
            if (_closing.IsCancellationRequested) return null;
            if (_options.Reconnect is not { } reconnect) return lost.Failure;

            Exception reason = lost.Failure ?? new Amqp10ClosedException("connection", $"{Endpoint} closed the connection");
            Log.ConnectionLost(_logger, Endpoint, reason.Message, reason);
            Changed(Amqp10ClientState.Reconnecting, reason);
            if (Environment.TickCount64 - connectedAt >= reconnect.MaxDelay.TotalMilliseconds) attempts = 0;
            (Reconnected? reconnected, Exception? last) = await ReconnectAsync(reconnect, attempts).ConfigureAwait(false);
            if (reconnected is not { } made)
            {
                return _closing.IsCancellationRequested
                    ? null
                    : new Amqp10ClosedException("connection", $"reconnecting after the loss of {Endpoint} gave up after {reconnect.MaxAttempts} attempts", innerException: last);
            }

            Amqp10Connection next = made.Connection;
            attempts = made.Attempt;
            _connection = next;
            _endpoint = next.Endpoint;
            if (_closing.IsCancellationRequested)
            {
                await next.DisposeAsync().ConfigureAwait(false); // closed while connecting: the new connection is not wanted
                return null;
            }

            await ReattachAsync(next).ConfigureAwait(false);
            connectedAt = Environment.TickCount64;
            if (next.IsStopped) continue; // lost again while attaching: the next round attaches the rest
            Log.Reconnected(_logger, Endpoint);
            Changed(Amqp10ClientState.Connected, null);
        }
    }

    /// <summary>A connection made by <see cref="ReconnectAsync"/>, and the number of the attempt that made it.</summary>
    private readonly record struct Reconnected(Amqp10Connection Connection, int Attempt);

    /// <summary>
    /// Connects to the endpoints in turn, going on from attempt <paramref name="attemptsBefore"/> + 1 (the first at
    /// once, each later one after the back-off); returns the new connection, or null with the last error when the
    /// attempts ran out or the client was closed.
    /// </summary>
    private async Task<(Reconnected? Next, Exception? Last)> ReconnectAsync(Amqp10ReconnectOptions reconnect, int attemptsBefore)
    {
        DnsEndPoint[] endpoints = [new DnsEndPoint(_options.Host, _options.Port), .. reconnect.FailoverEndpoints];
        Exception? last = null;
        for (int attempt = attemptsBefore + 1; reconnect.MaxAttempts == 0 || attempt <= reconnect.MaxAttempts; attempt++)
        {
            Amqp10ConnectionOptions options = _options.At(endpoints[(attempt - 1) % endpoints.Length]);
            try
            {
                await Task.Delay(Retry.ReconnectBackoff.Before(attempt, reconnect.InitialDelay, reconnect.MaxDelay), _closing.Token).ConfigureAwait(false);
                return (new Reconnected(await Amqp10Connection.ConnectAsync(options, _closing.Token).ConfigureAwait(false), attempt), null);
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                return (null, last);
            }
            catch (Exception e) when (e is AmqpException)
            {
                last = e;
                Log.ReconnectFailed(_logger, options.Endpoint, attempt, e.Message);
            }
        }

        return (null, last);
    }

    /// <summary>
    /// Attaches every holder's link on <paramref name="connection"/>, each within the handshake timeout. A holder the
    /// peer refuses fails alone; a connection lost meanwhile leaves the rest to the next round; a step that takes too
    /// long drops the connection, so the next round starts from a fresh one. Holders registered during a pass (their
    /// first attach raced the loss) are taken in the next pass.
    /// </summary>
    private async Task ReattachAsync(Amqp10Connection connection)
    {
        var done = new HashSet<IAmqp10LinkHolder>();
        while (Holders().Where(h => !done.Contains(h)).ToArray() is { Length: > 0 } pass)
        {
            foreach (IAmqp10LinkHolder holder in pass)
            {
                done.Add(holder);
                using var step = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
                step.CancelAfter(_options.HandshakeTimeout);
                try
                {
                    await holder.ReattachAsync(connection, step.Token).ConfigureAwait(false);
                }
                catch (Exception) when (connection.IsStopped || _closing.IsCancellationRequested)
                {
                    return;
                }
                catch (OperationCanceledException)
                {
                    Log.ReattachTimedOut(_logger, Endpoint, _options.HandshakeTimeout);
                    connection.Fail(new Amqp10ClosedException("connection", $"attaching a link again on {Endpoint} took longer than the handshake timeout of {_options.HandshakeTimeout}, so the connection was dropped to start over"));
                    return;
                }
                catch (Exception e)
                {
                    // Refused (or failed in any other way) with the connection still up: that link stops alone.
                    holder.Fail(e);
                }
            }
        }
    }

    private void Changed(Amqp10ClientState state, Exception? reason)
    {
        Volatile.Write(ref _state, (int)state);
        if (StateChanged is not { } handlers) return;
        var change = new Amqp10ClientStateChangedEventArgs(state, Endpoint, reason);
        foreach (EventHandler<Amqp10ClientStateChangedEventArgs> handler in handlers.GetInvocationList().Cast<EventHandler<Amqp10ClientStateChangedEventArgs>>())
        {
            try
            {
                handler(this, change);
            }
            catch (Exception e)
            {
                Log.StateChangedHandlerFailed(_logger, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(320, LogLevel.Warning, "AMQP 1.0 connection to {Endpoint} lost, reconnecting: {Reason}")]
        public static partial void ConnectionLost(ILogger logger, string endpoint, string reason, Exception exception);

        [LoggerMessage(321, LogLevel.Information, "AMQP 1.0 connection to {Endpoint} regained and its links attached again")]
        public static partial void Reconnected(ILogger logger, string endpoint);

        [LoggerMessage(322, LogLevel.Warning, "AMQP 1.0 reconnect attempt {Attempt} to {Endpoint} failed: {Reason}")]
        public static partial void ReconnectFailed(ILogger logger, string endpoint, int attempt, string reason);

        [LoggerMessage(323, LogLevel.Error, "AMQP 1.0 client of {Endpoint} stopped: {Reason}")]
        public static partial void GaveUp(ILogger logger, string endpoint, string reason, Exception exception);

        [LoggerMessage(324, LogLevel.Warning, "Attaching a link again on {Endpoint} took longer than {Timeout}; dropping the connection to start over")]
        public static partial void ReattachTimedOut(ILogger logger, string endpoint, TimeSpan timeout);

        [LoggerMessage(325, LogLevel.Error, "An Amqp10Client.StateChanged handler threw; ignored")]
        public static partial void StateChangedHandlerFailed(ILogger logger, Exception exception);
    }
}
