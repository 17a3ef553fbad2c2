using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// Recycled <see cref="InboundMessage"/> buffers, shared by the channels of one connection so that a new channel or
/// consumer starts with warm buffers instead of allocating its prefetch window again.
/// </summary>
internal sealed class InboundMessagePool
{
    private const int MaxPooled = 4096;

    private readonly Lock _gate = new();
    private readonly Stack<InboundMessage> _messages = new();

    public InboundMessage Rent()
    {
        lock (_gate)
        {
            if (_messages.Count > 0) return _messages.Pop();
        }

        return new InboundMessage();
    }

    public void Return(InboundMessage message)
    {
        message.Reset();
        lock (_gate)
        {
            if (_messages.Count < MaxPooled) _messages.Push(message);
        }
    }
}
