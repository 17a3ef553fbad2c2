using TypedAmqp.Amqp10;
using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// One amqp10-connection input, end to end: a real <see cref="Amqp10Connection"/> over a <see cref="ScriptedAmqp10Peer"/>,
/// with a session, a sending link with three unsettled sends awaiting their outcomes and a receiving link that takes
/// and settles whatever arrives, then fed the input.
/// </summary>
/// <remarks>
/// The oracle. Within <see cref="ScenarioDeadline.InputTimeout"/>: the connection stops (on the end of the stream or the peer's final
/// close if it kept working, or earlier with a reason); every send completes, with an outcome or an
/// <see cref="AmqpException"/>; receiving ends with an <see cref="AmqpException"/>; disposing returns. Every exception
/// on the way, down to the innermost cause, is one of the runtime's own: a read loop that wrapped an unexpected
/// exception (a bug) in a close is a crash too. A wait that runs out is a hang.
/// </remarks>
internal static class Amqp10ConnectionScenario
{
    public const int Sends = 3;

    /// <summary>The receiving link's credit (the engine tolerates a peer that overdraws it by up to as much again).</summary>
    public const uint ReceiverCredit = 10;

    /// <summary>Runs one input; returns why the connection stopped, and what the receiver and the sends saw.</summary>
    public static async Task<Amqp10ScenarioOutcome> RunAsync(byte[] input)
    {
        var peer = new ScriptedAmqp10Peer(input);
        using var deadline = new CancellationTokenSource(ScenarioDeadline.InputTimeout);
        var options = new Amqp10ConnectionOptions { Host = "fuzz-peer", IdleTimeout = TimeSpan.Zero, HandshakeTimeout = ScenarioDeadline.InputTimeout };
        Task serving = peer.ServeAsync(deadline.Token);
        var pending = new List<Task> { serving };
        bool finished = false;
        try
        {
            Amqp10Connection connection;
            Task<int> receiving;
            var sends = new Task<Amqp10DeliveryState?>[Sends];
            try
            {
                connection = await Amqp10Connection.ConnectOverAsync(options, peer.ClientTransport, deadline.Token);
                pending.Add(connection.Closed);
                Amqp10Session session = await connection.BeginSessionAsync(deadline.Token);
                Amqp10SenderLink sender = await session.AttachSenderAsync("fuzz-sender", "/queues/work", deadline.Token);
                Amqp10ReceiverLink receiver = await session.AttachReceiverAsync("fuzz-receiver", "/queues/work", ReceiverCredit, deadline.Token);
                receiving = ReceiveAllAsync(receiver, deadline.Token);
                pending.Add(receiving);
                for (int i = 0; i < Sends; i++)
                {
                    var message = new Amqp10Message { Properties = new Amqp10Properties { MessageId = Amqp10Value.ULong((ulong)i), Subject = "order.created" }, Data = "{\"OrderId\":42}"u8.ToArray() };
                    sends[i] = sender.SendAsync(message, deadline.Token).AsTask();
                    pending.Add(sends[i]);
                }
            }
            catch (Exception ex)
            {
                // The peer is scripted to set up correctly, before any fuzzed byte is sent.
                throw new FuzzOracleException("The connection could not be set up before the input was fed.", ex);
            }

            await ScenarioDeadline.WithinAsync(connection.Closed, "the connection did not stop (the peer ended the stream)", deadline.Token);
            int accepted = 0;
            foreach (Task<Amqp10DeliveryState?> send in sends)
            {
                try
                {
                    await ScenarioDeadline.WithinAsync(send, "a send got neither an outcome nor a failure after the connection stopped", deadline.Token);
                    if (send.Result?.Kind == Amqp10DeliveryStateKind.Accepted) accepted++;
                }
                catch (Exception ex) when (ex is not FuzzHangException)
                {
                    RequireOwn(ex, "A send failed");
                }
            }

            await ScenarioDeadline.WithinAsync(receiving, "receiving did not end after the connection stopped", deadline.Token);
            if (connection.Failure is { } failure) RequireOwn(failure, "The connection stopped");
            await ScenarioDeadline.WithinAsync(connection.DisposeAsync().AsTask(), "disposing the stopped connection did not return", deadline.Token);
            await ScenarioDeadline.WithinAsync(serving, "the peer could not feed the whole input", deadline.Token);
            finished = true;
            return new Amqp10ScenarioOutcome(connection.Failure, await receiving, accepted);
        }
        finally
        {
            if (!finished)
            {
                // Whatever is left running is abandoned; its later failures must not count as the next inputs' unobserved exceptions.
                foreach (Task task in pending) _ = task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            }

            peer.Complete();
        }
    }

    /// <summary>
    /// Takes every delivery and settles each with another outcome until receiving stops, which must say why in the
    /// runtime's terms; a settlement may fail once the connection is gone, yet the deliveries queued before are still
    /// handed out. Returns how many were.
    /// </summary>
    private static async Task<int> ReceiveAllAsync(Amqp10ReceiverLink receiver, CancellationToken cancellationToken)
    {
        for (int received = 0; ; received++)
        {
            Amqp10Delivery delivery;
            try
            {
                delivery = await receiver.ReceiveAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new FuzzHangException("receiving was still waiting at the input's deadline");
            }
            catch (Exception ex)
            {
                RequireOwn(ex, "Receiving stopped");
                return received;
            }

            Amqp10Message message = delivery.Message;
            _ = (message.Properties?.Subject?.Length ?? 0) + (message.ApplicationProperties?.Count ?? 0) + (message.Data?.Length ?? 0);
            _ = message.Value?.ToString();
            Amqp10DeliveryState outcome = (received % 4) switch
            {
                0 => Amqp10DeliveryState.Accepted,
                1 => Amqp10DeliveryState.Rejected(new Amqp10Error("amqp:internal-error", "fuzz")),
                2 => Amqp10DeliveryState.Released,
                _ => Amqp10DeliveryState.Modified(true, false),
            };
            try
            {
                await receiver.SettleAsync(delivery, outcome, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new FuzzHangException("a settlement was still being written at the input's deadline");
            }
            catch (Exception ex)
            {
                RequireOwn(ex, "Settling a delivery failed");
            }
        }
    }

    private static void RequireOwn(Exception exception, string what)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is not AmqpException) throw new FuzzOracleException($"{what} with {exception.GetType()}, whose cause {e.GetType()} is not one of the runtime's exceptions.", exception);
        }
    }
}
