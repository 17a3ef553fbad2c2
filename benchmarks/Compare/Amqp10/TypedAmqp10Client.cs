using System.Diagnostics;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Compare.Amqp10;

/// <summary>The scenarios through TypedAmqp's public AMQP 1.0 client, <see cref="Amqp10Client"/>, as a user would write them.</summary>
internal sealed class TypedAmqp10Client : IAmqp10ClientUnderTest
{
    private readonly Amqp10Client _client;
    private readonly Amqp10Message _message;
    private Amqp10Sender? _settledSender;

    private TypedAmqp10Client(Amqp10Client client, byte[] body)
    {
        _client = client;
        _message = new Amqp10Message { Data = body };
    }

    public string Name => "TypedAmqp";

    public static async Task<TypedAmqp10Client> ConnectAsync(string host, int port, byte[] body) =>
        new(await Amqp10Client.ConnectAsync(new Amqp10ConnectionOptions
        {
            Host = host, Port = port, UserName = "guest", Password = "guest", AllowInsecureMechanisms = true, VirtualHost = "vhost:/",
        }), body);

    /// <summary>Returns once every message is written; the sender stays open for the next round, as AMQPNetLite's must.</summary>
    public async Task SendSettledAsync(string address, int count)
    {
        _settledSender ??= await _client.CreateSenderAsync(address, new Amqp10SenderOptions { Guarantee = Amqp10DeliveryGuarantee.AtMostOnce });
        for (int i = 0; i < count; i++) await _settledSender.SendAsync(_message);
    }

    public async Task SendUnsettledAsync(string address, int count, int inFlight)
    {
        await using Amqp10Sender sender = await _client.CreateSenderAsync(address);
        var window = new ValueTask<Amqp10DeliveryState?>[inFlight];
        for (int i = 0; i < count; i++)
        {
            if (i >= inFlight) RequireAccepted(await window[i % inFlight]);
            window[i % inFlight] = sender.SendAsync(_message);
        }

        for (int i = Math.Max(0, count - inFlight); i < count; i++) RequireAccepted(await window[i % inFlight]);
    }

    public async Task ReceiveAsync(string address, int count, int credit)
    {
        await using Amqp10Receiver receiver = await _client.CreateReceiverAsync(address, new Amqp10ReceiverOptions { Credit = (uint)credit });
        using var timeout = new CancellationTokenSource(Amqp10Comparison.StepTimeout);
        for (int i = 0; i < count; i++)
        {
            Amqp10Delivery delivery = await receiver.ReceiveAsync(timeout.Token);
            await receiver.AcceptAsync(delivery);
        }
    }

    public async Task<double[]> RequestResponseAsync(string requests, string replies, int count)
    {
        var settled = new Amqp10SenderOptions { Guarantee = Amqp10DeliveryGuarantee.AtMostOnce };
        await using Amqp10Receiver requestReceiver = await _client.CreateReceiverAsync(requests);
        await using Amqp10Sender replySender = await _client.CreateSenderAsync(replies, settled);
        await using Amqp10Sender requestSender = await _client.CreateSenderAsync(requests, settled);
        await using Amqp10Receiver replyReceiver = await _client.CreateReceiverAsync(replies);
        using var timeout = new CancellationTokenSource(Amqp10Comparison.StepTimeout);
        Task responder = Task.Run(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                Amqp10Delivery request = await requestReceiver.ReceiveAsync(timeout.Token);
                await requestReceiver.AcceptAsync(request);
                await replySender.SendAsync(_message);
            }
        });

        var latencies = new double[count];
        for (int i = 0; i < count; i++)
        {
            long started = Stopwatch.GetTimestamp();
            await requestSender.SendAsync(_message);
            Amqp10Delivery reply = await replyReceiver.ReceiveAsync(timeout.Token);
            await replyReceiver.AcceptAsync(reply);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        await responder;
        return latencies;
    }

    public async ValueTask DisposeAsync()
    {
        if (_settledSender is not null) await _settledSender.DisposeAsync();
        await _client.DisposeAsync();
    }

    private static void RequireAccepted(Amqp10DeliveryState? outcome)
    {
        if (outcome?.Kind != Amqp10DeliveryStateKind.Accepted) throw new InvalidOperationException($"A send was not accepted: {outcome}.");
    }
}
