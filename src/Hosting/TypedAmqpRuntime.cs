using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>The live connection and messaging transport of the host, owned by the hosted service.</summary>
public sealed class TypedAmqpRuntime
{
    private AmqpMessaging? _messaging;

    // The transport whose topology has been declared, so publishing through it cannot hit a missing exchange, and
    // the signal that it changed or the host began stopping (swapped for a fresh one each time a transport is ready).
    // The signal only ever succeeds: waiters look at the state themselves, and a faulted signal that no publish happened
    // to wait for would be reported as an unobserved task exception at every host stop.
    private AmqpMessaging? _publishable;
    private TaskCompletionSource _publishableChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isStopping; // written before the signal is completed, so a woken waiter sees it

    /// <summary>The connection, once the hosted service has started.</summary>
    public AmqpConnection? Connection => _messaging?.Connection;

    /// <summary>The running consumers.</summary>
    public IReadOnlyList<(ConsumerRegistration Registration, AmqpConsumer Consumer)> Consumers { get; internal set; } = [];

    /// <summary>Whether the host is shutting down (consumers stopping is then expected).</summary>
    public bool IsStopping => _isStopping;

    /// <summary>The messaging transport; publishing before the host has started fails with a clear message.</summary>
    public AmqpMessaging Messaging => _messaging ?? throw new InvalidOperationException(
        "TypedAmqp is not connected yet: the hosted service connects when the host starts. Publish from hosted services or after IHost.StartAsync.");

    internal void Attach(AmqpMessaging messaging) => _messaging = messaging;

    /// <summary>Marks the attached transport's topology as declared, and wakes publishes waiting for a recovery.</summary>
    internal void MarkPublishable(AmqpMessaging messaging)
    {
        Volatile.Write(ref _publishable, messaging);
        Interlocked.Exchange(ref _publishableChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>The host is stopping: publishes waiting for a recovery give up.</summary>
    internal void MarkStopping()
    {
        _isStopping = true;
        Volatile.Read(ref _publishableChanged).TrySetResult();
    }

    /// <summary>The transport to publish through when its connection is open; null while the connection is down.</summary>
    internal AmqpMessaging? OpenPublishable() => Volatile.Read(ref _publishable) is { Connection.IsOpen: true } open ? open : null;

    /// <summary>
    /// Waits until a transport other than <paramref name="failed"/> is connected and has its topology declared.
    /// </summary>
    /// <exception cref="TimeoutException">No recovery within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The host is stopping.</exception>
    internal async ValueTask<AmqpMessaging> WaitForRecoveryAsync(AmqpMessaging? failed, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // Read the signal before the current transport: a recovery in between completes the signal we hold.
            Task changed = Volatile.Read(ref _publishableChanged).Task;
            if (OpenPublishable() is { } current && current != failed) return current;
            if (IsStopping) throw new InvalidOperationException("TypedAmqp's host is stopping; the connection will not be recovered.");

            TimeSpan remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) throw new TimeoutException($"TypedAmqp's connection was not recovered within {timeout.TotalSeconds:0.#} s.");
            try
            {
                await changed.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"TypedAmqp's connection was not recovered within {timeout.TotalSeconds:0.#} s.");
            }
        }
    }
}
