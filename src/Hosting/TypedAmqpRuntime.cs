using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>The live connection and messaging transport of the host, owned by the hosted service.</summary>
public sealed class TypedAmqpRuntime
{
    private AmqpMessaging? _messaging;

    // The transport whose topology has been declared, so publishing through it cannot hit a missing exchange, and
    // the signal that the next such transport is ready (swapped for a fresh one each time one is).
    private AmqpMessaging? _publishable;
    private TaskCompletionSource<AmqpMessaging> _nextPublishable = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The connection, once the hosted service has started.</summary>
    public AmqpConnection? Connection => _messaging?.Connection;

    /// <summary>The running consumers.</summary>
    public IReadOnlyList<(ConsumerRegistration Registration, AmqpConsumer Consumer)> Consumers { get; internal set; } = [];

    /// <summary>Whether the host is shutting down (consumers stopping is then expected).</summary>
    public bool IsStopping { get; private set; }

    /// <summary>The messaging transport; publishing before the host has started fails with a clear message.</summary>
    public AmqpMessaging Messaging => _messaging ?? throw new InvalidOperationException(
        "TypedAmqp is not connected yet: the hosted service connects when the host starts. Publish from hosted services or after IHost.StartAsync.");

    internal void Attach(AmqpMessaging messaging) => _messaging = messaging;

    /// <summary>Marks the attached transport's topology as declared, and wakes publishes waiting for a recovery.</summary>
    internal void MarkPublishable(AmqpMessaging messaging)
    {
        Volatile.Write(ref _publishable, messaging);
        Interlocked.Exchange(ref _nextPublishable, new TaskCompletionSource<AmqpMessaging>(TaskCreationOptions.RunContinuationsAsynchronously))
            .TrySetResult(messaging);
    }

    /// <summary>The host is stopping: publishes waiting for a recovery give up.</summary>
    internal void MarkStopping()
    {
        IsStopping = true;
        Volatile.Read(ref _nextPublishable).TrySetException(new InvalidOperationException("TypedAmqp's host is stopping; the connection will not be recovered."));
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
            Task<AmqpMessaging> next = Volatile.Read(ref _nextPublishable).Task;
            if (OpenPublishable() is { } current && current != failed) return current;
            if (IsStopping) await next.ConfigureAwait(false); // throws: the host is stopping

            TimeSpan remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) throw new TimeoutException($"TypedAmqp's connection was not recovered within {timeout.TotalSeconds:0.#} s.");
            try
            {
                await next.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"TypedAmqp's connection was not recovered within {timeout.TotalSeconds:0.#} s.");
            }
        }
    }
}
