namespace TypedAmqp.Amqp091;

/// <summary>
/// Which of a channel's delivery tags the client has settled (acked, nacked or rejected), so that an ack which leaves
/// nothing unsettled below its tag can go out as a multiple ack. A multiple ack then covers the one written just before
/// it on the same channel, and the writer keeps only the later (see <see cref="ConnectionWriter.WriteScope.WriteMultipleAcknowledgement"/>):
/// a consumer that acks each message in order sends one ack per run of messages, not one per message, which halves the
/// broker's work per message on the consume path.
/// </summary>
/// <remarks>
/// <para>
/// Sending ack(tag, multiple) in place of ack(tag) is exact only when every lower tag is already settled, since a
/// multiple ack settles all of them; that is what <see cref="Settle"/> answers. The broker reads frames in the order the
/// writer appends them, so <see cref="Settle"/> is called under the writer's lock, in that same order.
/// </para>
/// <para>
/// Deliveries the client never settles (an auto-ack consumer's, a no-ack basic.get, those basic.recover redelivers
/// under new tags) would leave a gap for good, so those calls <see cref="StopTracking"/> for the channel's lifetime.
/// Tags settled out of order (handlers with concurrency above 1) wait in a set until the gap below them closes; an
/// application that leaves one delivery unsettled for long stops tracking past <see cref="MaxSettledOutOfOrder"/>,
/// rather than let the set grow.
/// </para>
/// </remarks>
internal sealed class SettledDeliveries
{
    private const int MaxSettledOutOfOrder = 4096;

    private ulong _settledThrough; // every tag up to this one is settled
    private HashSet<ulong>? _settledOutOfOrder; // settled tags above _settledThrough + 1
    private volatile bool _stopped;

    /// <summary>Gives up tracking for the channel's lifetime: acks then go out as the application sent them.</summary>
    public void StopTracking() => _stopped = true;

    /// <summary>
    /// Records that <paramref name="deliveryTag"/> (with <paramref name="multiple"/>, every tag up to it) is settled,
    /// and returns whether every tag up to it is now settled. Call under the connection writer's lock.
    /// </summary>
    public bool Settle(ulong deliveryTag, bool multiple)
    {
        if (_stopped)
        {
            _settledOutOfOrder = null;
            return false;
        }

        if (multiple)
        {
            if (deliveryTag <= _settledThrough) return false;
            _settledThrough = deliveryTag;
            if (_settledOutOfOrder is { Count: > 0 } waiting) ForgetUpTo(waiting, deliveryTag);
        }
        else if (deliveryTag == _settledThrough + 1)
        {
            _settledThrough = deliveryTag;
        }
        else if (deliveryTag > _settledThrough)
        {
            _settledOutOfOrder ??= [];
            _settledOutOfOrder.Add(deliveryTag);
            if (_settledOutOfOrder.Count > MaxSettledOutOfOrder) StopTracking();
            return false;
        }
        else
        {
            return false; // settled already: the broker refuses the repeat, as it would have anyway
        }

        while (_settledOutOfOrder is { Count: > 0 } above && above.Remove(_settledThrough + 1)) _settledThrough++;
        return true;
    }

    // A method of its own so that the lambda's closure is allocated only here, not on every call of Settle.
    private static void ForgetUpTo(HashSet<ulong> tags, ulong deliveryTag) => tags.RemoveWhere(tag => tag <= deliveryTag);
}
