using System.Text.Json;
using System.Threading.Tasks.Sources;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>A request waiting for its reply, found by correlation id when a reply arrives.</summary>
internal abstract class PendingRequest : IConfirmObserver
{
    protected PendingRequest(AmqpChannel channel)
    {
        Channel = channel;
    }

    /// <summary>The channel the request went out on, whose consumer of direct reply-to receives the reply.</summary>
    public AmqpChannel Channel { get; }

    /// <summary>Completes the request with <paramref name="reply"/>. Runs on the reader thread: it only decodes and completes.</summary>
    public abstract void Complete(Delivery reply);

    /// <summary>Ends the wait with <paramref name="reason"/> (no reply can come any more); later outcomes are ignored.</summary>
    public abstract void Fail(Exception reason);

    private Observability.PublishTelemetry _telemetry;

    /// <summary>Keeps the request's publish telemetry until its confirm (or a failed write) ends it. Call before publishing.</summary>
    public void StartTelemetry(Observability.PublishTelemetry telemetry) => _telemetry = telemetry;

    /// <summary>Ends the request's span and publish metrics; later calls do nothing.</summary>
    public void EndTelemetry(Exception? failure) => _telemetry.End(failure);

    public void OnConfirmOutcome(Exception? failure)
    {
        EndTelemetry(failure);
        if (failure is not null) Fail(failure);
    }
}

/// <summary>
/// One typed request in flight, and the value-task source its requester awaits. The reply completes it; so does the
/// request's own confirm when the broker refuses the request (returned because no queue took it, or nacked), so the
/// requester learns that at once rather than at its timeout. Nobody waits for a positive confirm: the reply is what the
/// requester waits for, and it cannot arrive before the request was routed. When the channel closes, the reply can no
/// longer arrive and the request fails with the channel's (or connection's) close exception. The first outcome wins,
/// the timeout and the caller's cancellation included. The requester's continuation runs on the connection's
/// <see cref="ContinuationThread"/> when that is free, else on the thread pool; never on the reader thread.
/// </summary>
internal sealed class PendingRequest<TResponse> : PendingRequest, IValueTaskSource<TResponse>, IThreadPoolWorkItem
{
    private readonly string _requestType;
    private readonly MessageDescriptor<TResponse> _responseDescriptor;
    private HandOffCompletionCore<TResponse> _core;
    private int _completed;
    private Timer? _timeout;
    private CancellationTokenRegistration _cancellation;

    public PendingRequest(AmqpChannel channel, string requestType, MessageDescriptor<TResponse> responseDescriptor)
        : base(channel)
    {
        _requestType = requestType;
        _responseDescriptor = responseDescriptor;
    }

    /// <summary>
    /// Arms the timeout and the caller's token and returns the response, or the reason there is none: a bare
    /// <see cref="TimeoutException"/> when nothing came within <paramref name="timeout"/>, an
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> was cancelled first. Call
    /// once, before the request is published.
    /// </summary>
    public ValueTask<TResponse> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _timeout = new Timer(static state => ((PendingRequest<TResponse>)state!).Fail(new TimeoutException()), this, timeout, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingRequest<TResponse>)state!).Fail(new OperationCanceledException(token)), this);
            // Settled while registering (the token was already cancelled, or the timeout was tiny): release it here.
            if (Volatile.Read(ref _completed) != 0) _cancellation.Dispose();
        }

        return new ValueTask<TResponse>(this, _core.Version);
    }

    public override void Complete(Delivery reply)
    {
        TResponse response = default!;
        Exception? error = null;
        try
        {
            if (reply.Properties.Headers is { } headers && headers.TryGetValue(MessageDispatch.ReplyErrorHeader, out object? message))
            {
                error = new RequestFailedException(_requestType, message as string ?? "unknown error");
            }
            else
            {
                response = JsonMessageBody.Read(reply.Body, _responseDescriptor);
            }
        }
        catch (JsonException ex)
        {
            error = ex;
        }

        Settle(response, error);
    }

    public override void Fail(Exception reason) => Settle(default!, reason);

    private void Settle(TResponse response, Exception? error)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return;
        _timeout?.Dispose();
        _cancellation.Dispose();
        _core.Complete(response, error, this, Channel.Connection.Continuations);
    }

    void IThreadPoolWorkItem.Execute() => _core.CompleteHandedOff();

    TResponse IValueTaskSource<TResponse>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResponse>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<TResponse>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        OutgoingBatch.SendBeforeWaiting(); // what this thread holds may be the request whose reply it waits for
        _core.OnCompleted(continuation, state, token, flags);
    }
}
