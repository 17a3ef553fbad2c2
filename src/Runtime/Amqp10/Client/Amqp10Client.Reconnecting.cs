using System.Net;
using Microsoft.Extensions.Logging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The client's one background loop: it waits for the connection to stop and, with reconnect on, connects again
/// (cycling through the endpoints with growing delays), then attaches every sender's and receiver's link again.
/// </summary>
public sealed partial class Amqp10Client
{
    private void Register(IAmqp10LinkHolder holder)
    {
        lock (_holders) _holders.Add(holder);
    }

    /// <summary>Forgets a holder whose sender or receiver was closed, and stops it.</summary>
    internal void Unregister(IAmqp10LinkHolder holder, Exception reason)
    {
        lock (_holders) _holders.Remove(holder);
        holder.Fail(reason);
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
        while (true)
        {
            Amqp10Connection lost = _connection;
            await lost.Closed.ConfigureAwait(false);
            failure = lost.Failure;
            if (_closing.IsCancellationRequested || _options.Reconnect is not { } reconnect) break;

            Exception reason = failure ?? new Amqp10ClosedException("connection", $"{Endpoint} closed the connection");
            Log.ConnectionLost(_logger, Endpoint, reason.Message, reason);
            Changed(Amqp10ClientState.Reconnecting, reason);
            (Amqp10Connection? next, Exception? last) = await ReconnectAsync(reconnect).ConfigureAwait(false);
            if (next is null)
            {
                failure = _closing.IsCancellationRequested
                    ? null
                    : new Amqp10ClosedException("connection", $"reconnecting after the loss of {Endpoint} gave up after {reconnect.MaxAttempts} attempts", innerException: last);
                break;
            }

            _connection = next;
            _endpoint = next.Endpoint;
            if (_closing.IsCancellationRequested)
            {
                await next.DisposeAsync().ConfigureAwait(false); // closed while connecting: the new connection is not wanted
                failure = null;
                break;
            }

            await ReattachAsync(next).ConfigureAwait(false);
            if (next.IsStopped) continue; // lost again while attaching: the next round attaches the rest
            Log.Reconnected(_logger, Endpoint);
            Changed(Amqp10ClientState.Connected, null);
        }

        _failure = failure;
        StopLinks(failure ?? new Amqp10ClosedException("connection", $"the client of {Endpoint} was closed"));
        if (failure is not null) Log.GaveUp(_logger, Endpoint, failure.Message, failure);
        Changed(Amqp10ClientState.Closed, failure);
        _closed.TrySetResult();
    }

    /// <summary>
    /// Connects to the endpoints in turn, the first attempt at once and each later one after the back-off; returns the
    /// new connection, or null with the last error when the attempts ran out or the client was closed.
    /// </summary>
    private async Task<(Amqp10Connection? Connection, Exception? Last)> ReconnectAsync(Amqp10ReconnectOptions reconnect)
    {
        DnsEndPoint[] endpoints = [new DnsEndPoint(_options.Host, _options.Port), .. reconnect.FailoverEndpoints];
        Exception? last = null;
        for (int attempt = 1; reconnect.MaxAttempts == 0 || attempt <= reconnect.MaxAttempts; attempt++)
        {
            Amqp10ConnectionOptions options = _options.At(endpoints[(attempt - 1) % endpoints.Length]);
            try
            {
                await Task.Delay(Messaging.ReconnectBackoff.Before(attempt, reconnect.InitialDelay, reconnect.MaxDelay, Random.Shared.NextDouble()), _closing.Token).ConfigureAwait(false);
                return (await Amqp10Connection.ConnectAsync(options, _closing.Token).ConfigureAwait(false), null);
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
    /// long drops the connection, so the next round starts from a fresh one.
    /// </summary>
    private async Task ReattachAsync(Amqp10Connection connection)
    {
        foreach (IAmqp10LinkHolder holder in Holders())
        {
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
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }
            catch (AmqpException e)
            {
                holder.Fail(e);
            }
        }
    }

    private void Changed(Amqp10ClientState state, Exception? reason)
    {
        Volatile.Write(ref _state, (int)state);
        try
        {
            StateChanged?.Invoke(this, new Amqp10ClientStateChangedEventArgs(state, Endpoint, reason));
        }
        catch (Exception e)
        {
            Log.StateChangedHandlerFailed(_logger, e);
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
