namespace TypedAmqp.Messaging;

/// <summary>Collects the confirms of a pipelined batch of publishes and waits for all of them.</summary>
/// <remarks>Public for the code TypedAmqp's generator emits; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class ConfirmBatch
{
    private readonly List<ValueTask> _pending;

    /// <summary>Creates a batch expecting about <paramref name="capacity"/> publishes.</summary>
    public ConfirmBatch(int capacity = 16)
    {
        _pending = new List<ValueTask>(capacity);
    }

    /// <summary>Adds one publish's confirm.</summary>
    public void Add(ValueTask confirm) => _pending.Add(confirm);

    /// <summary>Waits for every confirm; throws the first failure after all have completed.</summary>
    public async ValueTask WhenAllAsync()
    {
        Exception? first = null;
        foreach (ValueTask confirm in _pending)
        {
            try
            {
                await confirm.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                first ??= ex;
            }
        }

        _pending.Clear();
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }
}
