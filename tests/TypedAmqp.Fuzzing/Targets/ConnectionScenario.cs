using TypedAmqp.Amqp091;
using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// One connection-target input, end to end: a real <see cref="AmqpConnection"/> over a <see cref="ScriptedBroker"/>,
/// set up with a confirm channel, a consumer and three publishes awaiting confirms, then fed the input.
/// </summary>
/// <remarks>
/// The oracle. Within <see cref="ScenarioDeadline.InputTimeout"/>: the connection closes (on the end of the stream or the broker's
/// final connection.close if it kept working, or earlier with a reason); its cause is a protocol error, the end of the stream, or a broker
/// close; every publish completes, confirmed or failed with an <see cref="AmqpException"/>; the consumer stops;
/// disposing returns; nothing the runtime logs or hands to the handler carries an exception of another type. A
/// wait that runs out is a hang; an unexpected exception is a crash. (Unobserved task exceptions are the session's.)
/// </remarks>
internal static class ConnectionScenario
{
    public const ushort Channel = 1;
    public const string ConsumerTag = "ctag";
    public const int Publishes = 3;

    private static readonly byte[] PublishBody = "{\"OrderId\":42}"u8.ToArray();

    /// <summary>Runs one input; returns how the connection closed, and what the consumer and the publishes saw.</summary>
    public static async Task<ScenarioOutcome> RunAsync(byte[] input)
    {
        var broker = new ScriptedBroker(input);
        var observer = new RuntimeObserver();
        using var deadline = new CancellationTokenSource(ScenarioDeadline.InputTimeout);
        var options = new AmqpConnectionOptions { Heartbeat = TimeSpan.Zero, ConnectionTimeout = ScenarioDeadline.InputTimeout };
        Task serving = broker.ServeAsync(deadline.Token);
        var pending = new List<Task> { serving };
        bool finished = false;
        try
        {
            AmqpConnection connection;
            AmqpConsumer consumer;
            Task[] publishes = new Task[Publishes];
            try
            {
                connection = await AmqpConnection.ConnectAsync(broker.ClientTransport, null, options, observer, deadline.Token);
                pending.Add(connection.Completion);
                connection.Blocked += (_, reason) => _ = reason.Length;
                AmqpChannel channel = await connection.OpenChannelAsync(deadline.Token);
                await channel.ConfirmSelectAsync(deadline.Token);
                channel.MessageReturned += observer.OnReturned;
                consumer = await channel.ConsumeAsync("work", observer.HandleAsync, new ConsumerOptions { ConsumerTag = ConsumerTag }, deadline.Token);
                var properties = new BasicProperties { ContentType = "application/json", Type = "order.created" };
                for (int i = 0; i < Publishes; i++)
                {
                    publishes[i] = channel.PublishAsync("", "work", PublishBody, properties, mandatory: true, deadline.Token).AsTask();
                    pending.Add(publishes[i]);
                }
            }
            catch (Exception ex)
            {
                // The broker is scripted to set up correctly, before any fuzzed byte is sent.
                throw new FuzzOracleException("The connection could not be set up before the input was fed.", ex);
            }

            await ScenarioDeadline.WithinAsync(connection.Completion, "the connection did not close (the broker ended the stream)", deadline.Token);
            int confirmed = 0;
            foreach (Task publish in publishes)
            {
                try
                {
                    await ScenarioDeadline.WithinAsync(publish, "a publish neither confirmed nor failed after the connection closed", deadline.Token);
                    confirmed++;
                }
                catch (Exception ex) when (ExpectedFailures.IsDocumented(ex))
                {
                    // Nacked, returned, or failed by the close: documented outcomes.
                }
                catch (Exception ex) when (ex is not FuzzHangException)
                {
                    throw new FuzzOracleException($"A publish failed with {ex.GetType()}, not an AmqpException.", ex);
                }
            }

            await ScenarioDeadline.WithinAsync(consumer.Stopped, "the consumer did not stop after the connection closed", deadline.Token);
            CheckCloseCause(connection);
            await ScenarioDeadline.WithinAsync(connection.DisposeAsync().AsTask(), "disposing the closed connection did not return", deadline.Token);
            await ScenarioDeadline.WithinAsync(serving, "the client did not end its side of the pipe", deadline.Token);
            observer.ThrowIfAnyProblem();
            finished = true;
            return new ScenarioOutcome(await connection.Completion, observer.Deliveries, confirmed);
        }
        finally
        {
            if (!finished)
            {
                // Whatever is left running is abandoned: end the pipes, and observe the tasks so that their
                // later failures are not counted as unobserved exceptions of the next inputs.
                broker.Abort();
                foreach (Task task in pending) _ = task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Why the connection closed must be documented: a broker close, a protocol error, the stream's end.</summary>
    private static void CheckCloseCause(AmqpConnection connection)
    {
        try
        {
            connection.ThrowIfClosed();
        }
        catch (AmqpConnectionClosedException closed)
        {
            if (!ExpectedFailures.IsDocumentedCloseCause(closed.InnerException))
            {
                throw new FuzzOracleException($"The connection closed because of an unexpected {closed.InnerException!.GetType()}: {closed.Reason}", closed.InnerException);
            }

            return;
        }

        throw new FuzzOracleException("Completion finished, yet the connection does not say it is closed.");
    }
}
