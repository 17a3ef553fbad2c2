using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Buffers;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

/// <summary>
/// Which frames a connection thread's <see cref="OutgoingBatch"/> holds, when they leave, and that code which waits
/// for the outcome of what it just sent never waits for the hold timer. The hold time is set far beyond every timeout
/// here, so a test that passes shows that nothing in it waited for the timer.
/// </summary>
public sealed class OutgoingBatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan NeverByTimer = TimeSpan.FromHours(1);

    /// <summary>Runs <paramref name="work"/> on a new thread and waits for it.</summary>
    private static void OnThread(Action work)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                work();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                OutgoingBatch.UnbindThisThread();
            }
        });
        thread.Start();
        Assert.True(thread.Join(Timeout));
        if (failure is not null) throw new InvalidOperationException("The thread failed.", failure);
    }

    private static void AppendHeartbeat(ConnectionWriter writer)
    {
        using ConnectionWriter.WriteScope scope = writer.Acquire();
        FrameWriter.WriteHeartbeat(scope.Buffer);
    }

    [Fact]
    public async Task What_a_bound_thread_appends_is_held_until_its_batch_is_sent_and_then_leaves_in_one_write()
    {
        var output = new RecordingPipeWriter();
        var writer = new ConnectionWriter(output, _ => { }, NeverByTimer);
        writer.Start();
        int writesWhileHeld = -1;

        OnThread(() =>
        {
            var batch = new OutgoingBatch(writer, OutgoingBatchKind.Continuations);
            batch.BindToThisThread();
            for (int i = 0; i < 3; i++) AppendHeartbeat(writer);
            Assert.Equal(3, batch.Held);
            Thread.Sleep(50); // time for the writer's thread to write them, had they not been held
            writesWhileHeld = output.Writes.Count;
            writer.Send(batch);
            Assert.Equal(0, batch.Held);
        });

        Assert.Equal(0, writesWhileHeld);
        IReadOnlyList<byte[]> writes = await output.WaitForWritesAsync(1, Timeout);
        Assert.Equal(3 * FrameConstants.Overhead, Assert.Single(writes).Length);
        await writer.CompleteAsync();
    }

    [Fact]
    public async Task A_handler_threads_batch_holds_acknowledgements_only()
    {
        var output = new RecordingPipeWriter();
        var writer = new ConnectionWriter(output, _ => { }, NeverByTimer);
        writer.Start();
        int heldAfterPublish = -1;

        OnThread(() =>
        {
            var batch = new OutgoingBatch(writer, OutgoingBatchKind.HandlerAcknowledgements);
            batch.BindToThisThread();
            using (ConnectionWriter.WriteScope scope = writer.AcquireForAcknowledgement())
            {
                FrameWriter.WriteHeartbeat(scope.Buffer);
            }

            AppendHeartbeat(writer); // anything else leaves now, and takes the held acknowledgement with it
            heldAfterPublish = batch.Held;
        });

        Assert.Equal(1, heldAfterPublish); // counted as held by the thread, though it has left with the other frame
        IReadOnlyList<byte[]> writes = await output.WaitForWritesAsync(1, Timeout);
        Assert.Equal(2 * FrameConstants.Overhead, writes.Sum(w => w.Length));
        await writer.CompleteAsync();
    }

    [Fact]
    public async Task A_method_whose_answer_is_awaited_is_never_held()
    {
        var output = new RecordingPipeWriter();
        var writer = new ConnectionWriter(output, _ => { }, NeverByTimer);
        writer.Start();
        using var release = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            var batch = new OutgoingBatch(writer, OutgoingBatchKind.Continuations);
            batch.BindToThisThread();
            using (ConnectionWriter.WriteScope scope = writer.AcquireForAnswer())
            {
                FrameWriter.WriteHeartbeat(scope.Buffer);
            }

            release.Wait(Timeout); // the caller waits for the answer; nothing sends the batch meanwhile
        });
        thread.Start();

        try
        {
            await output.WaitForWritesAsync(1, Timeout);
        }
        finally
        {
            release.Set();
            thread.Join();
        }

        await writer.CompleteAsync();
    }

    [Fact]
    public async Task Once_another_thread_takes_a_batch_over_what_the_previous_owner_appends_is_no_longer_held()
    {
        var output = new RecordingPipeWriter();
        var writer = new ConnectionWriter(output, _ => { }, NeverByTimer);
        writer.Start();
        var batch = new OutgoingBatch(writer, OutgoingBatchKind.Reader);
        using var takenOver = new ManualResetEventSlim();
        using var appendedAfter = new ManualResetEventSlim();
        var stuck = new Thread(() =>
        {
            // The reader thread, stuck in a handler while another thread takes reading over.
            batch.BindToThisThread();
            AppendHeartbeat(writer);
            takenOver.Wait(Timeout);
            AppendHeartbeat(writer);
            appendedAfter.Set();
            takenOver.Wait(Timeout);
            OutgoingBatch.UnbindThisThread();
        });
        stuck.Start();
        for (var timer = Stopwatch.StartNew(); batch.Held == 0 && timer.Elapsed < Timeout;) await Task.Delay(5);
        Assert.Equal(1, batch.Held);

        int heldByNewOwner = -1;
        OnThread(() =>
        {
            batch.BindToThisThread();
            takenOver.Set();
            Assert.True(appendedAfter.Wait(Timeout));
            heldByNewOwner = batch.Held; // the stuck thread's first frame only: its second was not held
        });

        Assert.Equal(1, heldByNewOwner);
        // The second frame left by itself (with the first, held before the hand-over), with nobody sending the batch.
        await output.WaitForWritesAsync(1, Timeout);
        Assert.Equal(2 * FrameConstants.Overhead, output.Writes.Sum(w => w.Length));
        stuck.Join();
        await writer.CompleteAsync();
    }

    [Fact]
    public async Task A_continuation_that_blocks_on_the_confirm_of_its_own_publish_gets_it_without_the_hold_timer()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync(o => o.MaxHoldTime = NeverByTimer);
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);
        using var serving = new CancellationTokenSource();
        Task serve = broker.ServeAsync(confirm: true, serving.Token);
        var outcome = new TaskCompletionSource<(string? Thread, bool Confirmed, TimeSpan Waited)>(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.True(connection.Continuations.TryRun(new Continuation(() =>
        {
            // A continuation that publishes and waits synchronously for that publish's confirm.
            var waited = Stopwatch.StartNew();
            bool confirmed = channel.PublishAsync("", "q", new byte[16]).AsTask().Wait(Timeout);
            outcome.SetResult((Thread.CurrentThread.Name, confirmed, waited.Elapsed));
        })));

        (string? thread, bool confirmed, TimeSpan waitedFor) = await outcome.Task.WaitAsync(2 * Timeout);
        Assert.Equal("TypedAmqp continuations", thread);
        Assert.True(confirmed, "the publish stayed held while its continuation waited for its confirm");
        Assert.True(waitedFor < TimeSpan.FromSeconds(2), $"waited {waitedFor.TotalMilliseconds:F0} ms");
        serving.Cancel();
        await serve;
    }

    [Fact]
    public async Task A_continuation_that_blocks_on_a_channel_methods_answer_gets_it_without_the_hold_timer()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync(o => o.MaxHoldTime = NeverByTimer);
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        var outcome = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.True(connection.Continuations.TryRun(new Continuation(() =>
        {
            outcome.SetResult(channel.QueueDeclareAsync("q").AsTask().Wait(Timeout));
        })));

        ReceivedFrame declare = await broker.ExpectMethodAsync(MethodId.QueueDeclare);
        await broker.SendMethodAsync(declare.Channel, new ServerMethod(MethodId.QueueDeclareOk, static (ref AmqpWriter w) =>
        {
            w.WriteShortString("q");
            w.WriteLong(0);
            w.WriteLong(0);
        }));
        Assert.True(await outcome.Task.WaitAsync(2 * Timeout));
    }

    [Fact]
    public async Task A_continuation_that_awaits_after_publishing_sends_before_it_waits()
    {
        var output = new RecordingPipeWriter();
        var writer = new ConnectionWriter(output, _ => { }, NeverByTimer);
        writer.Start();
        var continuations = new ContinuationThread(NullLogger.Instance, writer);
        var waiting = new ContinuationThreadTests.Completion(continuations);
        var sentBeforeWaiting = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.True(continuations.TryRun(new Continuation(() =>
        {
            AppendHeartbeat(writer);
            Task<int> blocked = waiting.Result.AsTask(); // attaches, as any await or synchronous wait does
            Thread.Sleep(50); // time for the write, had the wait not sent the batch
            sentBeforeWaiting.SetResult(output.Writes.Count);
            blocked.Wait(Timeout);
        })));

        Assert.Equal(1, await sentBeforeWaiting.Task.WaitAsync(Timeout));
        waiting.Complete(1);
        continuations.Stop();
        await writer.CompleteAsync();
    }

    /// <summary>A hand-off that runs an action on the continuation thread, standing in for an awaiter's continuation.</summary>
    private sealed class Continuation(Action run) : IThreadPoolWorkItem
    {
        public void Execute() => run();
    }
}
