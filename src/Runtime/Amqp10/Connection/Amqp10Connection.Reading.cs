using System.Buffers;
using System.IO.Pipelines;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The read loop: cuts frames out of the socket's bytes, decodes each performative and hands it to its session (state
/// changes under <see cref="Sync"/>, synchronously, while the frame's bytes are still in the pipe), then writes what
/// the frame calls for (a flow, a reply). Anything malformed closes the connection with the error's condition; the
/// loop never throws: every way out goes through <see cref="Fail"/>.
/// </summary>
internal sealed partial class Amqp10Connection
{
    private long _lastReadTicks = Environment.TickCount64;

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync(_stopping.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                bool stop = false;
                try
                {
                    while (!stop && Amqp10FrameReader.TryReadFrame(ref buffer, _options.MaxFrameSize, out Amqp10Frame frame))
                    {
                        Volatile.Write(ref _lastReadTicks, Environment.TickCount64);
                        if (frame.IsEmpty) continue;
                        Amqp10Reply reply = Dispatch(frame);
                        stop = await ReplyAsync(reply).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (stop) break;
                if (result.IsCompleted)
                {
                    failure = new Amqp10ClosedException("connection", $"{_options.Endpoint} closed the socket without a close frame");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // DisposeAsync: not a failure.
        }
        catch (Exception e) when (e is Amqp10ProtocolException or Amqp10DecodeException)
        {
            string condition = e is Amqp10ProtocolException p ? p.Condition : Amqp10Conditions.DecodeError;
            await TryWriteCloseAsync(new Amqp10Error(condition, e.Message), e).ConfigureAwait(false);
            failure = e;
        }
        catch (Exception e)
        {
            failure = _stopping.IsCancellationRequested ? null : e is Amqp10ClosedException
                ? e
                : new Amqp10ClosedException("connection", $"reading from {_options.Endpoint} failed", innerException: e);
        }

        Fail(failure);
        try
        {
            await DrainWritesAsync().ConfigureAwait(false);
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    /// <summary>Decodes one frame and applies it; the frame body is copied only when the pipe split it across segments.</summary>
    private Amqp10Reply Dispatch(Amqp10Frame frame)
    {
        if (frame.Type != Amqp10FrameType.Amqp)
        {
            throw new Amqp10ProtocolException(Amqp10Conditions.FramingError, $"a SASL frame (type {frame.Type}) after the connection opened");
        }

        if (frame.Body.IsSingleSegment) return Dispatch(frame.Channel, frame.Body.FirstSpan);
        int length = (int)frame.Body.Length;
        byte[] copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.Body.CopyTo(copy);
            return Dispatch(frame.Channel, copy.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private Amqp10Reply Dispatch(ushort channel, ReadOnlySpan<byte> body)
    {
        var reader = new Amqp10Reader(body);
        Amqp10Reader peek = reader;
        ulong code = peek.ReadDescriptorCode();
        switch (code)
        {
            case Amqp10Descriptors.Begin:
            {
                Amqp10Begin begin = Amqp10Begin.Read(ref reader);
                return OnBegin(channel, begin);
            }

            case Amqp10Descriptors.Attach:
                return SessionOn(channel, "attach").OnAttach(Amqp10Attach.Read(ref reader));
            case Amqp10Descriptors.Flow:
                return SessionOn(channel, "flow").OnFlow(Amqp10Flow.Read(ref reader));
            case Amqp10Descriptors.Transfer:
            {
                Amqp10Transfer transfer = Amqp10Transfer.Read(ref reader);
                return SessionOn(channel, "transfer").OnTransfer(transfer, body[(int)reader.Offset..]);
            }

            case Amqp10Descriptors.Disposition:
                return SessionOn(channel, "disposition").OnDisposition(Amqp10Disposition.Read(ref reader));
            case Amqp10Descriptors.Detach:
                return SessionOn(channel, "detach").OnDetach(Amqp10Detach.Read(ref reader));
            case Amqp10Descriptors.End:
                return SessionOn(channel, "end").OnEnd(Amqp10End.Read(ref reader));
            case Amqp10Descriptors.Close:
                return new Amqp10Reply { Close = Amqp10Close.Read(ref reader) };
            default:
                throw new Amqp10ProtocolException(Amqp10Conditions.IllegalState, $"unexpected {Amqp10Descriptors.NameOf(code)} on channel {channel}");
        }
    }

    private Amqp10Reply OnBegin(ushort channel, Amqp10Begin begin)
    {
        Amqp10Session? session;
        lock (Sync)
        {
            if (begin.RemoteChannel is not { } ours || !_sessions.TryGetValue(ours, out session) || session.RemoteChannel is not null)
            {
                throw new Amqp10ProtocolException(Amqp10Conditions.NotImplemented, $"a begin on channel {channel} that answers no begin of ours (sessions the peer starts are not supported)");
            }

            _sessionsByRemoteChannel[channel] = session;
        }

        session.OnBegin(channel, begin);
        return default;
    }

    private Amqp10Session SessionOn(ushort channel, string performative)
    {
        lock (Sync)
        {
            if (_sessionsByRemoteChannel.TryGetValue(channel, out Amqp10Session? session)) return session;
        }

        throw new Amqp10ProtocolException(Amqp10Conditions.IllegalState, $"{performative} on channel {channel}, where no session is begun");
    }

    /// <summary>Writes what the frame called for; true when the connection is done (a close arrived).</summary>
    private async ValueTask<bool> ReplyAsync(Amqp10Reply reply)
    {
        if (reply.Flow is { } flow) await WriteAsync(flow.Channel, flow.Flow, CancellationToken.None).ConfigureAwait(false);
        if (reply.Settle is { } settle) await WriteAsync(settle.Channel, settle.Disposition, CancellationToken.None).ConfigureAwait(false);
        if (reply.Detach is { } detach) await WriteAsync(detach.Channel, detach.Detach, CancellationToken.None).ConfigureAwait(false);
        if (reply.End is { } end) await WriteAsync(end, new Amqp10End(), CancellationToken.None).ConfigureAwait(false);
        if (reply.Close is not { } close) return false;

        bool ours;
        var closedByPeer = new Amqp10ClosedException("connection", $"{_options.Endpoint} closed the connection", close.Error);
        lock (Sync)
        {
            ours = _closeSent;
            _closeSent = true;
            if (!ours) StopLocked(closedByPeer);
        }

        if (!ours)
        {
            // The peer closes: answer, then fail everything with its reason.
            await WriteCloseAsync(null, CancellationToken.None).ConfigureAwait(false);
            Fail(closedByPeer);
        }
        else
        {
            Fail(close.Error is null ? null : new Amqp10ClosedException("connection", $"{_options.Endpoint} closed the connection", close.Error));
        }

        return true;
    }
}
