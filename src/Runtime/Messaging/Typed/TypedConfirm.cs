using System.Diagnostics;
using System.Threading.Tasks.Sources;
using TypedAmqp.Client;
using TypedAmqp.Observability;

namespace TypedAmqp.Messaging;

/// <summary>
/// The awaitable outcome of one typed publish. The channel hands it the confirm directly (it is the publish's
/// <see cref="IConfirmObserver"/>); it counts the outcome in the telemetry, closes the publish span and completes
/// the caller's ValueTask, whose continuation then runs on the thread pool, off the read loop. Pooled per
/// <see cref="AmqpMessaging"/> with no size limit, so a publisher keeping hundreds of publishes in flight allocates
/// nothing per publish once the pool has grown to that number.
/// </summary>
internal sealed class TypedConfirm : IValueTaskSource, IConfirmObserver
{
    private readonly TypedConfirmPool _pool;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private Activity? _activity;
    private AmqpMessaging? _owner;

    public TypedConfirm(TypedConfirmPool pool)
    {
        _pool = pool;
    }

    /// <summary>Prepares for one publish; the returned task completes with the publish's confirm.</summary>
    public ValueTask Start(Activity? activity, AmqpMessaging owner)
    {
        _activity = activity;
        _owner = owner;
        return new ValueTask(this, _core.Version);
    }

    /// <summary>The publish could not be written: the caller gets that exception, so this completion is never awaited.</summary>
    public void Discard()
    {
        _activity = null;
        _owner = null;
        _core.Reset();
        _pool.Return(this);
    }

    public void OnConfirmOutcome(Exception? failure)
    {
        Activity? activity = _activity;
        _activity = null;
        AmqpMessaging owner = _owner!;
        _owner = null;
        if (failure is null)
        {
            TypedAmqpTelemetry.Confirmed.Add(1);
        }
        else
        {
            if (failure is PublishException publish) (publish.IsReturn ? TypedAmqpTelemetry.Returned : TypedAmqpTelemetry.Nacked).Add(1);
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
        }

        owner.ConfirmSettled();
        activity?.Dispose();
        if (failure is null) _core.SetResult(true);
        else _core.SetException(failure);
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

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
