using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>The free <see cref="TypedConfirm"/>s of one <see cref="AmqpMessaging"/>.</summary>
internal sealed class TypedConfirmPool
{
    private readonly Lock _gate = new();
    private readonly Stack<TypedConfirm> _free = new();

    public TypedConfirm Rent()
    {
        lock (_gate)
        {
            if (_free.Count > 0) return _free.Pop();
        }

        return new TypedConfirm(this);
    }

    public void Return(TypedConfirm confirm)
    {
        lock (_gate) _free.Push(confirm);
    }
}
