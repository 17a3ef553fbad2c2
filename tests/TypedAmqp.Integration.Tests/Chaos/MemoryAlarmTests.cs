using System.Diagnostics;
using TypedAmqp.Amqp091;
using Xunit.Abstractions;

namespace TypedAmqp.Integration.Chaos;

/// <summary>
/// The broker raises a memory alarm under publishers (here by lowering its watermark, on a private node): the
/// connection is blocked, publishes wait without failing and without the client's memory growing, and all of them
/// complete once the alarm clears.
/// </summary>
public sealed class MemoryAlarmTests(ITestOutputHelper output)
{
    private const int Publishers = 8;

    [BrokerFact]
    public async Task Publishers_wait_through_a_memory_alarm_with_flat_memory_and_resume_after_it()
    {
        await using PrivateBroker broker = await PrivateBroker.StartAsync("alarm", 5686);
        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(broker.Uri);
        var blocked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var unblocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Blocked += (_, why) => blocked.TrySetResult(why);
        connection.Unblocked += (_, _) => unblocked.TrySetResult();
        AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("typedamqp.it.alarm", durable: false);
        await channel.QueuePurgeAsync(queue.QueueName);
        await channel.ConfirmSelectAsync();

        byte[] body = new byte[16 * 1024];
        long completed = 0;
        var failures = new List<Exception>();
        using var stop = new CancellationTokenSource();
        Task[] publishing = [.. Enumerable.Range(0, Publishers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await channel.PublishAsync("", queue.QueueName, body);
                    Interlocked.Increment(ref completed);
                }
                catch (Exception ex)
                {
                    lock (failures) failures.Add(ex);
                    return;
                }
            }
        }))];

        await WaitUntilAsync(() => Interlocked.Read(ref completed) > 500, "publishing got going");
        await broker.CtlAsync("set_vm_memory_high_watermark", "0.0000001");
        string why = await blocked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(connection.IsBlocked);

        // Blocked: the broker reads nothing more, so the writer's pending frames reach their cap and publishes wait there.
        await Task.Delay(1000);
        long atBlock = Interlocked.Read(ref completed);
        long heapAtBlock = Heap();
        await Task.Delay(TimeSpan.FromSeconds(5));
        long whileBlocked = Interlocked.Read(ref completed) - atBlock;
        long heapGrowth = Heap() - heapAtBlock;

        await broker.CtlAsync("set_vm_memory_high_watermark", "0.4");
        await unblocked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        long atUnblock = Interlocked.Read(ref completed);
        await WaitUntilAsync(() => Interlocked.Read(ref completed) > atUnblock + 500, "publishing resumed");
        await stop.CancelAsync();
        await Task.WhenAll(publishing).WaitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"blocked ({why}) after {atBlock} publishes; {whileBlocked} completed in the 5 s blocked; heap grew {heapGrowth / 1024} KiB; " +
            $"{Interlocked.Read(ref completed)} in all, {failures.Count} failed");
        Assert.Empty(failures);
        Assert.Equal(0, whileBlocked);
        Assert.True(heapGrowth < 4 * 1024 * 1024, $"the heap grew {heapGrowth / 1024} KiB while publishers were blocked");
        Assert.False(connection.IsBlocked);
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var wait = Stopwatch.StartNew(); !condition(); await Task.Delay(10))
        {
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting until {what}");
        }
    }
}
