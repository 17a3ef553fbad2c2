using System.Collections.Concurrent;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// Where replies to this connection's requests arrive: an exclusive, auto-delete queue declared through the management
/// node (RabbitMQ 4.0 has no direct reply-to or dynamic receivers over AMQP 1.0), consumed on a session of its own.
/// Requests carry its plain name as reply-to, which a 0-9-1 responder publishes to through the default exchange and a
/// 1.0 responder as <c>/queues/{name}</c>. Replies are matched to waiting requests by correlation id; a reply nobody
/// waits for any more (its request timed out) is accepted and dropped.
/// </summary>
internal sealed class Amqp10ReplyQueue
{
    private const string NamePrefix = "typedamqp.reply-";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<Amqp10Message>> _waiting = new(StringComparer.Ordinal);
    private readonly Amqp10ReceiverLink _link;
    private volatile Exception? _failure;

    private Amqp10ReplyQueue(string queueName, Amqp10ReceiverLink link)
    {
        QueueName = queueName;
        _link = link;
    }

    public string QueueName { get; }

    /// <summary>Whether replies can still arrive (the link, its session and the connection are up).</summary>
    public bool IsOpen => _failure is null && !_link.IsStopped;

    public static async Task<Amqp10ReplyQueue> StartAsync(Amqp10Connection connection, Amqp10ManagementClient management, CancellationToken cancellationToken)
    {
        string name = NamePrefix + Guid.NewGuid().ToString("N");
        var queue = new QueueDeclaration(name, Durable: false, Exclusive: true, AutoDelete: true);
        await Amqp10TopologyDeclaration.DeclareAsync(connection, management, new TopologyDescription([], [queue], []), TopologyMode.Declare, cancellationToken).ConfigureAwait(false);
        Amqp10Session session = await connection.BeginSessionAsync(cancellationToken).ConfigureAwait(false);
        Amqp10ReceiverLink link = await session.AttachReceiverAsync($"typedamqp-replies-{name}", Amqp10Addresses.Queue(name), credit: 100, cancellationToken).ConfigureAwait(false);
        var replies = new Amqp10ReplyQueue(name, link);
        _ = Task.Run(replies.ReceiveLoopAsync);
        return replies;
    }

    /// <summary>Registers a request before it is sent, so a fast reply finds it.</summary>
    public Task<Amqp10Message> Expect(string correlationId)
    {
        var reply = new TaskCompletionSource<Amqp10Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[correlationId] = reply;
        if (_failure is { } failure) reply.TrySetException(failure); // stopped meanwhile
        return reply.Task;
    }

    public void Forget(string correlationId) => _waiting.TryRemove(correlationId, out _);

    private async Task ReceiveLoopAsync()
    {
        while (true)
        {
            Amqp10Delivery delivery;
            try
            {
                delivery = await _link.ReceiveAsync().ConfigureAwait(false);
                if (!delivery.Settled) await _link.AcceptAsync(delivery).ConfigureAwait(false);
            }
            catch (Amqp10ClosedException closed)
            {
                // The replies can no longer arrive: waiting requests fail now rather than at their timeouts.
                _failure = closed;
                foreach (KeyValuePair<string, TaskCompletionSource<Amqp10Message>> entry in _waiting) entry.Value.TrySetException(closed);
                return;
            }

            string? correlationId = Amqp10MessageMapping.IdText(delivery.Message.Properties?.CorrelationId);
            if (correlationId is not null && _waiting.TryRemove(correlationId, out TaskCompletionSource<Amqp10Message>? waiting)) waiting.TrySetResult(delivery.Message);
        }
    }
}
