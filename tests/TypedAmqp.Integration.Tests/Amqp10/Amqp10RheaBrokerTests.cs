using System.Globalization;
using System.Text.Json;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Amqp10.Rhea;

namespace TypedAmqp.Integration.Amqp10;

/// <summary>
/// A test that runs rhea under node against RabbitMQ 4: skipped with the reason when node/npm are missing (outside
/// CI, as <see cref="RheaFactAttribute"/>) or the broker is not RabbitMQ 4 (as <see cref="RabbitMq4FactAttribute"/>).
/// </summary>
public sealed class RheaRabbitMq4FactAttribute : FactAttribute
{
    public RheaRabbitMq4FactAttribute()
    {
        // On 3.10 the plugin drops the connection (reset) of either client sending these messages (every property
        // type), so the test needs RabbitMQ 4; RabbitMq4FactAttribute gives the reason on 3.x.
        string? rhea = new RheaFactAttribute().Skip;
        Skip = rhea ?? new RabbitMq4FactAttribute().Skip;
    }
}

/// <summary>
/// rhea (node) and TypedAmqp's public client as two AMQP 1.0 clients of RabbitMQ 4, meeting in a queue: what one sends
/// the other receives, its properties, application properties and body compared field by field and type by type
/// (Amqp10/rhea/rhea_client.js reports what rhea encoded or decoded).
/// </summary>
public sealed class Amqp10RheaBrokerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static RheaProcess Client(string mode, string address, params string[] more)
    {
        AmqpConnectionOptions uri = Broker.Options();
        return RheaNode.Start("rhea_client.js", [mode, uri.Host, uri.EffectivePort.ToString(CultureInfo.InvariantCulture), uri.UserName, uri.Password, address, .. more]);
    }

    /// <summary>The lines both sides must agree on: properties, application properties, body, and the header and annotations the sender set (the broker adds to them).</summary>
    private static List<string> Kept(List<string> lines, List<string> sent) =>
        [.. lines.Where(l => !(l.StartsWith("header.", StringComparison.Ordinal) || l.StartsWith("message_annotations.", StringComparison.Ordinal)) || sent.Contains(l) || IsBrokerRewritten(l))];

    // RabbitMQ owns first-acquirer and delivery-count (this is the message's first delivery from the queue).
    private static bool IsBrokerRewritten(string line) => line.StartsWith("header.first_acquirer=", StringComparison.Ordinal) || line.StartsWith("header.delivery_count=", StringComparison.Ordinal);

    private static List<string> Comparable(List<string> lines) => [.. lines.Where(l => !IsBrokerRewritten(l))];

    [RheaRabbitMq4Fact]
    public async Task What_rhea_sends_to_a_queue_TypedAmqp_receives_with_the_same_types_and_values()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("rhea-to-typed");
        var sent = new List<List<string>>();
        await using (RheaProcess rhea = Client("send", broker.Address(queue)))
        {
            for (int i = 0; i < 7; i++)
            {
                JsonElement e = await rhea.NextEventAsync("sent", Timeout);
                Assert.Equal(i, e.GetProperty("index").GetInt32());
                sent.Add(RheaReport.Of(e.GetProperty("report")));
            }

            for (int i = 0; i < 7; i++) Assert.Equal("accepted", (await rhea.NextEventAsync("outcome", Timeout)).GetProperty("kind").GetString());
            await rhea.WaitForSuccessAsync(Timeout);
        }

        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options());
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue), new Amqp10ReceiverOptions { Credit = 10 });
        for (int i = 0; i < 7; i++)
        {
            Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
            List<string> received = RheaReport.Of(delivery.Message);
            Assert.Equal(Comparable(sent[i]), Comparable(Kept(received, sent[i])));
            await receiver.AcceptAsync(delivery);
            if (i == 0)
            {
                // Pinned by hand from rhea_messages.js.
                Assert.Equal(Amqp10Value.UByte(200), delivery.Message.ApplicationProperties!["ubyte"]);
                Assert.Equal(Amqp10Value.ULong(0xFFFF_FFFF_FFFF_FFFE), delivery.Message.ApplicationProperties["ulong"]);
                Assert.Equal(Amqp10Value.Symbol("a-symbol"), delivery.Message.ApplicationProperties["symbol"]);
                Assert.Equal(Amqp10Value.ULong(42), delivery.Message.Properties!.MessageId);
                Assert.Equal([0, 1, 2, 255], delivery.Message.Data!.Value.ToArray());
            }
        }
    }

    [RheaRabbitMq4Fact]
    public async Task What_TypedAmqp_sends_to_a_queue_rhea_receives_with_the_same_types_and_values()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("typed-to-rhea");
        Amqp10Message[] messages = [RheaSamples.EveryField(), .. RheaSamples.EveryBody()];
        messages[0].Properties!.UserId = System.Text.Encoding.UTF8.GetBytes(Broker.Options().UserName); // RabbitMQ refuses another user's id
        await using (Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()))
        await using (Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue)))
        {
            foreach (Amqp10Message message in messages)
            {
                Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(message).AsTask().WaitAsync(Timeout))?.Kind);
            }
        }

        await using RheaProcess rhea = Client("receive", broker.Address(queue), messages.Length.ToString(CultureInfo.InvariantCulture));
        foreach (Amqp10Message message in messages)
        {
            List<string> sent = RheaReport.Of(message);
            List<string> received = RheaReport.Of((await rhea.NextEventAsync("received", Timeout)).GetProperty("report"));
            Assert.Equal(Comparable(sent), Comparable(Kept(received, sent)));
        }

        await rhea.WaitForSuccessAsync(Timeout);
        Assert.Equal(0u, await broker.MessageCountAsync(queue));
    }
}
