using System.IO.Pipelines;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Tests.Messaging;

/// <summary>The consumer's own handler thread: order across runs and awaits, stopping, and a failing handle delegate.</summary>
public sealed class ConsumerHandlerThreadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static List<InboundMessage> Messages(params ulong[] tags) => [.. tags.Select(tag => new InboundMessage { DeliveryTag = tag })];

    private static ConnectionWriter Writer() => new(new Pipe().Writer, _ => { });

    [Fact]
    public async Task Deliveries_are_handled_in_order_on_the_thread_even_when_a_handler_awaits()
    {
        var handled = new List<(ulong Tag, string? Thread)>();
        var thread = new ConsumerHandlerThread(async message =>
        {
            handled.Add((message.DeliveryTag, Thread.CurrentThread.Name));
            if (message.DeliveryTag == 2) await Task.Delay(50);
        }, _ => throw new InvalidOperationException("nothing is dropped"), Writer());

        Assert.True(thread.TryAdd(Messages(1, 2, 3))); // queued before the start, as deliveries racing consume-ok are
        thread.Start();
        Assert.True(thread.TryAdd(Messages(4, 5)));
        thread.Complete(dropQueued: false);
        await thread.Finished.WaitAsync(Timeout);

        Assert.Equal([1UL, 2, 3, 4, 5], handled.Select(h => h.Tag));
        Assert.All(handled, h => Assert.Equal("TypedAmqp handler", h.Thread));
        Assert.False(thread.TryAdd(Messages(6)));
    }

    [Fact]
    public async Task Completing_with_drop_gives_back_the_deliveries_not_started()
    {
        var handled = new List<ulong>();
        var dropped = new List<ulong>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new ConsumerHandlerThread(async message =>
        {
            handled.Add(message.DeliveryTag);
            started.TrySetResult();
            await release.Task;
        }, message => dropped.Add(message.DeliveryTag), Writer());
        thread.Start();
        thread.TryAdd(Messages(1, 2, 3));
        await started.Task.WaitAsync(Timeout);

        thread.Complete(dropQueued: true);
        release.SetResult();
        await thread.Finished.WaitAsync(Timeout);

        Assert.Equal([1UL], handled);
        Assert.Equal([2UL, 3], dropped);
    }

    [Fact]
    public async Task A_failing_handle_delegate_faults_Finished_and_gives_back_the_rest_instead_of_ending_the_process()
    {
        var dropped = new List<ulong>();
        var thread = new ConsumerHandlerThread(
            message => message.DeliveryTag == 2 ? throw new InvalidOperationException("bug in the handle delegate") : ValueTask.CompletedTask,
            message => dropped.Add(message.DeliveryTag),
            Writer());
        thread.TryAdd(Messages(1, 2, 3));
        thread.Start();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => thread.Finished.WaitAsync(Timeout));
        Assert.Equal("bug in the handle delegate", failure.Message);
        Assert.Equal([3UL], dropped);
        Assert.False(thread.TryAdd(Messages(4)));
    }
}
