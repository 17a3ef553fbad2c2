using System.Threading.Tasks.Sources;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;
using TypedAmqp.Observability;

namespace TypedAmqp.Amqp091;

/// <summary>
/// The awaitable outcome of one typed publish. The channel hands it the confirm directly (it is the publish's
/// <see cref="IConfirmObserver"/>); it ends the publish's telemetry (span and metrics) and completes
/// the caller's ValueTask, whose continuation then runs off the read loop: on the connection's
/// <see cref="ContinuationThread"/> when that is free, else on the thread pool. Pooled per
/// <see cref="AmqpMessaging"/> with no size limit, so a publisher keeping hundreds of publishes in flight allocates
/// nothing per publish once the pool has grown to that number. A reply's confirm is not awaited by anyone: its
/// outcome is measured, and a failure logged, here.
/// </summary>
internal sealed class TypedConfirm : IValueTaskSource, IConfirmObserver, IThreadPoolWorkItem
{
    private readonly TypedConfirmPool _pool;
    private HandOffCompletionCore<bool> _core;
    private PublishTelemetry _telemetry;
    private AmqpMessaging? _owner;
    private (string MessageType, string CorrelationId)? _unawaitedReply;
    private string? _messageId;
    private Guid _generatedMessageId;

    public TypedConfirm(TypedConfirmPool pool)
    {
        _pool = pool;
    }

    /// <summary>
    /// Prepares for one publish; the returned task completes with the publish's confirm. For a reply
    /// (<paramref name="reply"/> given) the returned task is already complete and the confirm is only observed: a
    /// refused reply is logged with its message type and correlation id. The message id (the caller's, else the
    /// generated one) names the publish when the connection is lost before its confirm.
    /// </summary>
    public ValueTask Start(PublishTelemetry telemetry, AmqpMessaging owner, string? messageId, Guid generatedMessageId, (string MessageType, string CorrelationId)? reply = null)
    {
        _telemetry = telemetry;
        _owner = owner;
        _messageId = messageId;
        _generatedMessageId = generatedMessageId;
        _unawaitedReply = reply;
        return reply is null ? new ValueTask(this, _core.Version) : default;
    }

    /// <summary>The publish could not be written: the caller gets that exception, so this completion is never awaited.</summary>
    public void Discard()
    {
        _telemetry = default;
        _owner = null;
        _unawaitedReply = null;
        _messageId = null;
        _core.Reset();
        _pool.Return(this);
    }

    public void OnConfirmOutcome(Exception? failure) => Settle(failure, sent: true);

    /// <summary>Refused before it was written (it waited for room): the broker surely does not have it, so the failure is passed on as it is.</summary>
    public void OnNotPublished(Exception reason) => Settle(reason, sent: false);

    private void Settle(Exception? failure, bool sent)
    {
        PublishTelemetry telemetry = _telemetry;
        _telemetry = default;
        AmqpMessaging owner = _owner!;
        _owner = null;
        string? messageId = _messageId;
        _messageId = null;
        owner.ConfirmSettled();
        telemetry.End(failure);
        if (_unawaitedReply is { } reply)
        {
            if (failure is not null) MessageDispatch.LogReplyFailed(owner.Logger, reply.MessageType, reply.CorrelationId, failure);
            Discard();
        }
        else
        {
            // Sent, and the connection went before the broker's answer: whether it took the message is unknown.
            if (sent && failure is AmqpConnectionClosedException closed and not PublishOutcomeUnknownException)
            {
                failure = new PublishOutcomeUnknownException(messageId ?? MessageIds.ToText(_generatedMessageId), closed);
            }

            _core.Complete(true, failure, this, owner.Connection.Continuations);
        }
    }

    void IThreadPoolWorkItem.Execute() => _core.CompleteHandedOff();

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        OutgoingBatch.SendBeforeWaiting(); // what this thread holds may be the publish whose confirm it waits for
        _core.OnCompleted(continuation, state, token, flags);
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            _pool.Return(this);
        }
    }
}
