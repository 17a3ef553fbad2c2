using System.IO.Pipelines;

namespace TypedAmqp.Amqp091;

/// <summary>
/// Where the code awaiting the received bytes continues: on the thread pool until <see cref="RunOnReaderThread"/> is
/// set, then on the reader thread itself (see <see cref="SocketTransport.ContinueReadsOnReaderThread"/>).
/// </summary>
internal sealed class ReadLoopScheduler : PipeScheduler
{
    private volatile bool _runOnReaderThread;

    public bool RunOnReaderThread
    {
        get => _runOnReaderThread;
        set => _runOnReaderThread = value;
    }

    public override void Schedule(Action<object?> action, object? state)
    {
        if (_runOnReaderThread) action(state);
        else System.Threading.ThreadPool.UnsafeQueueUserWorkItem(action, state, preferLocal: false);
    }
}
