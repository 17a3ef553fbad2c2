using System.Buffers;
using System.IO.Pipelines;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;

namespace TypedAmqp.Amqp091;

// The read loop, connection-level methods on channel 0, and heartbeats.
public sealed partial class AmqpConnection
{
    private List<AmqpConsumer> _consumersWithStagedDeliveries = []; // the thread reading the socket only
    private List<AmqpConsumer>? _spareConsumerList = []; // the same
    private ReaderWatchdog? _watchdog; // over a socket, whose reader thread calls AfterRead: hands reading on when handlers block
    private OutgoingBatch? _readerBatch; // over a socket: what the thread reading it appends, sent once per read
    private long _lastReadTicks = Environment.TickCount64;

    /// <summary>Read loop only: <paramref name="consumer"/> holds deliveries to hand over once this read is decoded.</summary>
    internal void StageHandOver(AmqpConsumer consumer) => _consumersWithStagedDeliveries.Add(consumer);

    private void StartLoops()
    {
        // Over a socket, the read loop continues on the transport's reader thread from here on (see SocketTransport),
        // and the reader thread runs what each read produced, watched in case a handler blocks.
        if (_transport is SocketTransport socket)
        {
            _watchdog = new ReaderWatchdog(OnReaderStuck);
            _readerBatch = new OutgoingBatch(Writer, OutgoingBatchKind.Reader);
            socket.ContinueReadsOnReaderThread(AfterRead, _readerBatch);
        }

        _readLoop = Task.Run(ReadLoopAsync);
        if (Heartbeat > TimeSpan.Zero)
        {
            _heartbeatLoop = Task.Run(HeartbeatLoopAsync);
        }
    }

    /// <summary>
    /// After each read, on the thread reading the socket: hands the read's deliveries to their consumers, runs the
    /// handlers that run on the reader thread, and sends what the read produced (acks, replies). False when a handler
    /// blocked so long that reading was handed to another thread meanwhile: this thread must stop reading.
    /// </summary>
    private bool AfterRead()
    {
        try
        {
            List<AmqpConsumer> consumers = _consumersWithStagedDeliveries;
            if (consumers.Count > 0)
            {
                // Every consumer gets its deliveries before any handler runs: a handler that blocks must not keep
                // another consumer's deliveries from the thread that reads on.
                _consumersWithStagedDeliveries = _spareConsumerList ?? [];
                _spareConsumerList = null;
                foreach (AmqpConsumer consumer in consumers) consumer.HandOverStaged();
                if (!RunHandlers(consumers, listIsReusable: true)) return false;
            }

            if (_readerBatch is not null) Writer.Send(_readerBatch);
            return true;
        }
        catch (Exception ex)
        {
            // A bug in handing over; handler failures are settled by the consumer. Close rather than read on.
            var reason = new CloseReason(0, $"Dispatching deliveries failed: {ex.Message}", 0, 0, CloseInitiator.Library);
            Log.ConnectionClosed(_logger, Endpoint, reason.ToString(), ex);
            Fail(new AmqpConnectionClosedException(reason, ex));
            return false;
        }
    }

    /// <summary>
    /// Runs the queued handlers of <paramref name="consumers"/> that run on the reader thread, as one run the watchdog
    /// watches. False when the run was handed on: another thread then runs the consumers this one has not reached.
    /// </summary>
    private bool RunHandlers(List<AmqpConsumer> consumers, bool listIsReusable)
    {
        if (_watchdog is null)
        {
            foreach (AmqpConsumer consumer in consumers) consumer.RunQueuedHandlers();
        }
        else
        {
            long run = _watchdog.BeginRun(consumers);
            for (int i = 0; i < consumers.Count && _watchdog.IsStillReading(run); i++) consumers[i].RunQueuedHandlers();

            // A list handed on may still be read by the other thread: it is never reused.
            if (!_watchdog.EndRun(run)) return false;
        }

        if (listIsReusable)
        {
            consumers.Clear();
            _spareConsumerList = consumers;
        }

        return true;
    }

    /// <summary>
    /// The watchdog found the reader thread in the same run of handlers for two ticks: another thread runs the
    /// consumers that run has not reached (those whose handler is busy are skipped: their owner goes on with them), then
    /// reads on.
    /// </summary>
    private void OnReaderStuck(object? run)
    {
        Log.ReaderHandedOn(_logger, ReaderWatchdog.DefaultTick.TotalMilliseconds);
        var consumers = (List<AmqpConsumer>)run!;
        ((SocketTransport)_transport).HandReadingOn(() =>
        {
            // This thread owns the reader's batch now, with what the stuck thread held before the hand-over.
            if (!RunHandlers(consumers, listIsReusable: false)) return false;
            Writer.Send(_readerBatch!);
            return true;
        });
    }

    private async Task ReadLoopAsync()
    {
        PipeReader input = _transport.Input;
        try
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync(_shutdown.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    while (FrameReader.TryReadFrame(ref buffer, FrameMax, out Frame frame))
                    {
                        Volatile.Write(ref _lastReadTicks, Environment.TickCount64);
                        Dispatch(frame);
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (_watchdog is null) AfterRead(); // else the socket's reader thread calls it once the read is decoded
                }

                if (result.IsCompleted)
                {
                    ThrowIfTransportFailed();
                    string detail = buffer.IsEmpty ? "the broker closed the socket" : $"the socket closed in the middle of a frame ({buffer.Length} bytes left over)";
                    throw new EndOfStreamException(detail);
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Closed on purpose.
        }
        catch (AmqpProtocolException ex)
        {
            Log.ProtocolError(_logger, Endpoint, ex.ReplyCode, ex);
            SendCloseQuietly(ex.ReplyCode, ex.Message);
            Fail(new AmqpConnectionClosedException(new CloseReason(ex.ReplyCode, ex.Message, 0, 0, CloseInitiator.Library), ex));
        }
        catch (Exception ex)
        {
            var reason = new CloseReason(0, $"Connection lost: {ex.Message}", 0, 0, CloseInitiator.Library);
            if (IsOpen && !_closing) Log.ConnectionClosed(_logger, Endpoint, reason.ToString(), ex);
            Fail(new AmqpConnectionClosedException(reason, ex));
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Throws the socket's read failure, if the input ended because of one (it is read to the end first).</summary>
    private void ThrowIfTransportFailed()
    {
        if (_transport is SocketTransport { ReadFailure: { } failure }) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    private void Dispatch(in Frame frame)
    {
        if (frame.Type == FrameType.Heartbeat)
        {
            if (frame.Channel != 0)
            {
                throw new AmqpProtocolException(ReplyCode.FrameError, $"Malformed frame: a heartbeat on channel {frame.Channel} (heartbeats belong on channel 0).");
            }

            return;
        }

        if (frame.Channel == 0)
        {
            if (frame.Type != FrameType.Method)
            {
                throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"Unexpected frame: a content frame (type {frame.Type}) on channel 0.");
            }

            HandleConnectionMethod(frame.Payload);
            return;
        }

        if (_closing) return; // After connection.close only close-ok matters (spec 2.2.4).

        AmqpChannel? channel = FindChannel(frame.Channel);
        if (channel is null)
        {
            throw new AmqpProtocolException(ReplyCode.ChannelError, $"Received a frame (type {frame.Type}) on channel {frame.Channel}, which is not open.");
        }

        channel.HandleFrame(frame);
    }

    private void HandleConnectionMethod(ReadOnlySequence<byte> payload)
    {
        var reader = new AmqpReader(payload);
        uint id = MethodId.Of(reader.ReadShort(), reader.ReadShort());
        switch (id)
        {
            case MethodId.ConnectionClose:
            {
                CloseReason reason = CloseMethod.Read(ref reader);
                SendCloseOkQuietly();
                Log.ConnectionClosed(_logger, Endpoint, reason.ToString(), null);
                Fail(new AmqpConnectionClosedException(reason));
                break;
            }
            case MethodId.ConnectionCloseOk:
                _closeOk.TrySetResult();
                break;
            case MethodId.ConnectionBlocked:
            {
                string why = reader.Remaining > 0 ? reader.ReadShortString() : string.Empty;
                IsBlocked = true;
                CountAsBlocked(true);
                Log.Blocked(_logger, why);
                RaiseEvent(Blocked, why, nameof(Blocked));
                break;
            }
            case MethodId.ConnectionUnblocked:
                IsBlocked = false;
                CountAsBlocked(false);
                Log.Unblocked(_logger);
                RaiseEvent(Unblocked is { } unblocked ? (s, _) => unblocked(s, EventArgs.Empty) : null, EventArgs.Empty, nameof(Unblocked));
                break;
            case MethodId.ConnectionUpdateSecretOk:
                _updateSecretOk?.TrySetResult();
                break;
            default:
                throw new AmqpProtocolException(
                    MethodId.ClassOf(id) == MethodId.ConnectionClass ? ReplyCode.CommandInvalid : ReplyCode.NotImplemented,
                    $"Unexpected {MethodId.NameOf(id)} on channel 0.");
        }
    }

    private void SendCloseOkQuietly()
    {
        try
        {
            using ConnectionWriter.WriteScope scope = Writer.Acquire();
            FrameWriter.WriteMethod(scope.Buffer, 0, new EmptyMethod(MethodId.ConnectionCloseOk));
        }
        catch (AmqpException)
        {
            // Already closed.
        }
    }

    private void SendCloseQuietly(ushort replyCode, string text)
    {
        try
        {
            using ConnectionWriter.WriteScope scope = Writer.Acquire();
            FrameWriter.WriteMethod(scope.Buffer, 0, new CloseMethod(MethodId.ConnectionClose, replyCode, text, 0, 0));
        }
        catch (AmqpException)
        {
            // Already closed.
        }
    }

    /// <summary>
    /// Sends a heartbeat whenever nothing else was written for half the interval, and declares the connection dead
    /// after two intervals without any frame from the broker (spec 4.2.7; RabbitMQ uses the same rule).
    /// </summary>
    private async Task HeartbeatLoopAsync()
    {
        long intervalMs = (long)Heartbeat.TotalMilliseconds;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(intervalMs / 4, 50)));
        try
        {
            while (await timer.WaitForNextTickAsync(_shutdown.Token).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                if (now - Volatile.Read(ref _lastReadTicks) > 2 * intervalMs)
                {
                    var reason = new CloseReason(0, $"Missed heartbeats: nothing received from the broker for {2 * intervalMs / 1000} s", 0, 0, CloseInitiator.Library);
                    Log.ConnectionClosed(_logger, Endpoint, reason.ToString(), null);
                    Fail(new AmqpConnectionClosedException(reason));
                    return;
                }

                if (Writer.SinceLastWrite.TotalMilliseconds >= intervalMs / 2)
                {
                    using ConnectionWriter.WriteScope scope = Writer.Acquire();
                    FrameWriter.WriteHeartbeat(scope.Buffer);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Connection closed.
        }
        catch (AmqpException)
        {
            // Connection closed between the check and the write.
        }
    }
}
