using System.Diagnostics;
using Amqp;
using Amqp.Framing;

namespace TypedAmqp.Compare.Amqp10;

/// <summary>The scenarios through AMQPNetLite 2.5.5, the common .NET AMQP 1.0 library, written the way its documentation shows.</summary>
internal sealed class AmqpNetLiteClient : IAmqp10ClientUnderTest
{
    private readonly Connection _connection;
    private readonly Session _session;
    private readonly byte[] _body;
    private int _links;
    private SenderLink? _settledSender;

    private AmqpNetLiteClient(Connection connection, byte[] body)
    {
        _connection = connection;
        _session = new Session(connection);
        _body = body;
    }

    public string Name => "AMQPNetLite";

    public static async Task<AmqpNetLiteClient> ConnectAsync(string host, int port, byte[] body)
    {
        var factory = new ConnectionFactory();
        Connection connection = await factory.CreateAsync(new Address(host, port, "guest", "guest", "/", "AMQP"), new Open { ContainerId = $"amqpnetlite-{Guid.NewGuid():N}", HostName = "vhost:/" }, null);
        return new AmqpNetLiteClient(connection, body);
    }

    /// <summary>
    /// Returns once every message is handed to the link, which sends them as credit comes: the link stays open (closing
    /// it would drop what still waits for credit), and the caller waits until the broker has them all.
    /// </summary>
    public Task SendSettledAsync(string address, int count)
    {
        _settledSender ??= new SenderLink(_session, LinkName(), new Attach { Source = new Source(), Target = new Target { Address = address }, SndSettleMode = SenderSettleMode.Settled }, null);
        for (int i = 0; i < count; i++) _settledSender.Send(Message(), null, null); // no callback: sent settled
        return Task.CompletedTask;
    }

    public async Task SendUnsettledAsync(string address, int count, int inFlight)
    {
        var sender = new SenderLink(_session, LinkName(), address);
        var window = new Task[inFlight];
        for (int i = 0; i < count; i++)
        {
            if (i >= inFlight) await window[i % inFlight]; // SendAsync throws unless the outcome is accepted
            window[i % inFlight] = sender.SendAsync(Message());
        }

        await Task.WhenAll(window.Where(t => t is not null));
        await sender.CloseAsync();
    }

    public async Task ReceiveAsync(string address, int count, int credit)
    {
        var receiver = new ReceiverLink(_session, LinkName(), address);
        receiver.SetCredit(credit);
        for (int i = 0; i < count; i++)
        {
            Message message = await receiver.ReceiveAsync(Amqp10Comparison.StepTimeout) ?? throw new TimeoutException("AMQPNetLite received nothing in time.");
            receiver.Accept(message);
        }

        await receiver.CloseAsync();
    }

    public async Task<double[]> RequestResponseAsync(string requests, string replies, int count)
    {
        var requestReceiver = new ReceiverLink(_session, LinkName(), requests);
        var replySender = new SenderLink(_session, LinkName(), new Attach { Source = new Source(), Target = new Target { Address = replies }, SndSettleMode = SenderSettleMode.Settled }, null);
        var requestSender = new SenderLink(_session, LinkName(), new Attach { Source = new Source(), Target = new Target { Address = requests }, SndSettleMode = SenderSettleMode.Settled }, null);
        var replyReceiver = new ReceiverLink(_session, LinkName(), replies);
        requestReceiver.Start(100, (link, request) =>
        {
            link.Accept(request);
            replySender.Send(Message(), null, null);
        });
        replyReceiver.SetCredit(100);

        var latencies = new double[count];
        for (int i = 0; i < count; i++)
        {
            long started = Stopwatch.GetTimestamp();
            requestSender.Send(Message(), null, null);
            Message reply = await replyReceiver.ReceiveAsync(Amqp10Comparison.StepTimeout) ?? throw new TimeoutException("AMQPNetLite got no reply in time.");
            replyReceiver.Accept(reply);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        await Task.WhenAll(requestReceiver.CloseAsync(), replySender.CloseAsync(), requestSender.CloseAsync(), replyReceiver.CloseAsync());
        return latencies;
    }

    public async ValueTask DisposeAsync()
    {
        if (_settledSender is not null) await _settledSender.CloseAsync();
        await _session.CloseAsync();
        await _connection.CloseAsync();
    }

    // A message object per send, as AMQPNetLite needs: a sent message is the library's until it is settled.
    private Message Message() => new() { BodySection = new Data { Binary = _body } };

    private string LinkName() => $"compare-{Interlocked.Increment(ref _links)}";
}
