using System.Net;
using System.Text;
using System.Text.Json;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Amqp10.Rhea;

namespace TypedAmqp.Tests.Amqp10.Client;

/// <summary>
/// The public client against rhea (node), a third independent AMQP 1.0 implementation, running as a server
/// (Amqp10/rhea/rhea_server.js). rhea reports every message it receives as its own decoder read the transfer's bytes,
/// with the AMQP type of every field, and every message it sends as its encoder wrote it: both are compared, field by
/// field and type by type, with what TypedAmqp sent or received.
/// </summary>
public sealed class Amqp10RheaPeerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private RheaProcess? _rhea;
    private int _port;

    public async Task InitializeAsync()
    {
        if (!RheaNode.IsAvailable && !RheaNode.IsCi) return;
        _rhea = RheaNode.Start("rhea_server.js");
        string line = await _rhea.NextLineAsync(Timeout);
        Assert.StartsWith("listening ", line);
        _port = int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_rhea is not null) await _rhea.DisposeAsync();
    }

    private RheaProcess Rhea => _rhea!;

    private Amqp10ConnectionOptions Options(uint maxFrameSize = 64 * 1024) => new() { Host = "127.0.0.1", Port = _port, MaxFrameSize = maxFrameSize };

    private static readonly Amqp10Timestamp Created = RheaSamples.Created;

    private static Amqp10Message EveryField() => RheaSamples.EveryField();

    private static IEnumerable<Amqp10Message> EveryBody() => RheaSamples.EveryBody();

    private static JsonElement Report(JsonElement e) => e.GetProperty("report");

    [RheaFact]
    public async Task Every_field_and_body_kind_the_client_sends_is_decoded_by_rhea_with_the_same_types_and_values()
    {
        // A 4 KiB frame size: the 200 KB body goes in many transfer frames, which rhea joins.
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options(maxFrameSize: 4096)).AsTask().WaitAsync(Timeout);
        Assert.Equal(["ANONYMOUS", "PLAIN"], client.ServerMechanisms.Order(StringComparer.Ordinal));
        await using Amqp10Sender sender = await client.CreateSenderAsync("record").AsTask().WaitAsync(Timeout);
        Amqp10Message[] messages = [EveryField(), .. EveryBody()];
        foreach (Amqp10Message message in messages)
        {
            Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(message).AsTask().WaitAsync(Timeout))?.Kind);
            JsonElement received = await Rhea.NextEventAsync("received", Timeout);
            Assert.Equal("record", received.GetProperty("address").GetString());
            Assert.Equal(RheaReport.Of(message), RheaReport.Of(Report(received)));
        }
    }

    [RheaFact]
    public async Task Rhea_reads_each_type_as_the_type_it_was_sent_as()
    {
        // Pinned by hand, not derived from TypedAmqp's own value model: the same field compared above, as rhea names it.
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync("record").AsTask().WaitAsync(Timeout);
        await sender.SendAsync(EveryField()).AsTask().WaitAsync(Timeout);
        JsonElement report = Report(await Rhea.NextEventAsync("received", Timeout));
        JsonElement properties = report.GetProperty("application_properties");
        Assert.Equal("ubyte:255", properties.GetProperty("ubyte").GetString());
        Assert.Equal("ulong:18446744073709551615", properties.GetProperty("ulong").GetString());
        Assert.Equal("long:-9223372036854775808", properties.GetProperty("long").GetString());
        Assert.Equal("long:5", properties.GetProperty("small long").GetString());
        Assert.Equal("char:0x1f600", properties.GetProperty("char").GetString());
        Assert.Equal("symbol:73796d", properties.GetProperty("symbol").GetString());
        Assert.Equal("null", properties.GetProperty("null").GetString());
        Assert.Equal("uuid:00112233-4455-6677-8899-aabbccddeeff", properties.GetProperty("uuid").GetString());
        Assert.Equal("timestamp:1764640000123", report.GetProperty("properties").GetProperty("creation_time").GetString());
        Assert.Equal("symbol:" + Convert.ToHexStringLower("application/json"u8), report.GetProperty("properties").GetProperty("content_type").GetString());
        Assert.Equal("uint:4000000000", report.GetProperty("properties").GetProperty("group_sequence").GetString());
        Assert.Equal("ubyte:6", report.GetProperty("header").GetProperty("priority").GetString());
        Assert.Equal(["binary:090807" + "00ff"], report.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
    }

    [RheaFact]
    public async Task Every_field_and_body_kind_rhea_sends_reaches_the_receiver_with_the_same_types_and_values()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("typed", new Amqp10ReceiverOptions { Credit = 10 }).AsTask().WaitAsync(Timeout);
        var deliveries = new List<Amqp10Delivery>();
        for (int i = 0; i < 7; i++) deliveries.Add(await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout));
        for (int i = 0; i < 7; i++)
        {
            JsonElement sent = await Rhea.NextEventAsync("sent", Timeout);
            Assert.Equal(i, sent.GetProperty("index").GetInt32());
            Assert.Equal(RheaReport.Of(Report(sent)), RheaReport.Of(deliveries[i].Message));
            await receiver.AcceptAsync(deliveries[i]);
        }

        // Pinned by hand from rhea_server.js: rhea's typed wrappers arrive as those types.
        Amqp10Message first = deliveries[0].Message;
        Assert.Equal(true, first.Header!.Durable);
        Assert.Equal((byte)7, first.Header.Priority);
        Assert.Equal(60_000u, first.Header.Ttl);
        Assert.Equal(2u, first.Header.DeliveryCount);
        Assert.Equal(Amqp10Value.ULong(42), first.Properties!.MessageId);
        Assert.Equal(Amqp10Value.Uuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")), first.Properties.CorrelationId);
        Assert.Equal("rhea"u8.ToArray(), first.Properties.UserId);
        Assert.Equal("application/octet-stream", first.Properties.ContentType);
        Assert.Equal(Created, first.Properties.CreationTime);
        Assert.Equal(9u, first.Properties.GroupSequence);
        Dictionary<string, Amqp10Value> app = first.ApplicationProperties!;
        Assert.Equal(Amqp10Value.Null, app["null"]);
        Assert.Equal(Amqp10Value.UByte(200), app["ubyte"]);
        Assert.Equal(Amqp10Value.UShort(65_000), app["ushort"]);
        Assert.Equal(Amqp10Value.UInt(4_000_000_000), app["uint"]);
        Assert.Equal(Amqp10Value.ULong(0xFFFF_FFFF_FFFF_FFFE), app["ulong"]);
        Assert.Equal(Amqp10Value.Byte(-100), app["byte"]);
        Assert.Equal(Amqp10Value.Short(-30_000), app["short"]);
        Assert.Equal(Amqp10Value.Int(-2_000_000_000), app["int"]);
        Assert.Equal(Amqp10Value.Long(-5_000_000_000), app["long"]);
        Assert.Equal(Amqp10Value.Float(1.5f), app["float"]);
        Assert.Equal(Amqp10Value.Double(0.1), app["double"]);
        Assert.Equal(Amqp10Value.Char(new Rune(0x1F600)), app["char"]);
        Assert.Equal(Amqp10Value.Timestamp(Created), app["timestamp"]);
        Assert.Equal(Amqp10Value.Uuid(Guid.Parse("0f0e0d0c-0b0a-0908-0706-050403020100")), app["uuid"]);
        Assert.Equal(Amqp10Value.Binary([0, 1, 254, 255]), app["binary"]);
        Assert.Equal(Amqp10Value.String("héllo ✓"), app["string"]);
        Assert.Equal(Amqp10Value.Symbol("a-symbol"), app["symbol"]);
        Assert.Equal([0, 1, 2, 255], first.Data!.Value.ToArray());
        Assert.Null(first.Value);

        Assert.Equal(Amqp10Value.String("an amqp-value string"), deliveries[1].Message.Value);
        Assert.Null(deliveries[1].Message.Data);
        Assert.Equal(Amqp10Type.Map, deliveries[2].Message.Value!.Value.Type);
        Assert.Equal(Amqp10Type.List, deliveries[3].Message.Value!.Value.Type);
        Assert.Equal(Amqp10Value.Binary(Encoding.UTF8.GetBytes("bytes in an amqp-value")), deliveries[4].Message.Value); // amqp-value binary, not a data section
        Assert.Null(deliveries[4].Message.Data);
        Assert.Equal(Amqp10Value.Long(-9_007_199_254_740_991), deliveries[5].Message.Value);
        Assert.Equal(Amqp10Value.Null, deliveries[6].Message.Value);

        for (int i = 0; i < 7; i++)
        {
            JsonElement outcome = await Rhea.NextEventAsync("outcome", Timeout);
            Assert.Equal("accepted", outcome.GetProperty("kind").GetString());
        }
    }

    [RheaFact]
    public async Task Delivery_annotations_sequence_bodies_and_footers_the_client_sends_are_decoded_by_rhea_exactly()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync("record").AsTask().WaitAsync(Timeout);
        foreach (Amqp10Message message in RheaSamples.EverySection())
        {
            Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(message).AsTask().WaitAsync(Timeout))?.Kind);
            JsonElement report = Report(await Rhea.NextEventAsync("received", Timeout));
            Assert.Equal(RheaReport.Of(message), RheaReport.Of(report));
        }
    }

    [RheaFact]
    public async Task Delivery_annotations_sequence_bodies_and_footers_rhea_sends_reach_the_receiver_exactly()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("sections").AsTask().WaitAsync(Timeout);
        var messages = new List<Amqp10Message>();
        for (int i = 0; i < 2; i++)
        {
            Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
            JsonElement sent = await Rhea.NextEventAsync("sent", Timeout);
            Assert.Equal(RheaReport.Of(Report(sent)), RheaReport.Of(delivery.Message));
            messages.Add(delivery.Message);
            await receiver.AcceptAsync(delivery);
        }

        // Pinned by hand from rhea_messages.js; rhea writes the footer's keys as strings, not symbols.
        Assert.Equal(Amqp10Value.Map(Amqp10Value.Symbol("x-opt-hop"), Amqp10Value.String("next"), Amqp10Value.Symbol("x-opt-rank"), Amqp10Value.UInt(3)), messages[0].DeliveryAnnotations);
        Assert.Equal([Amqp10Value.List(Amqp10Value.Int(1), Amqp10Value.String("two"), Amqp10Value.Boolean(false))], messages[0].Sequence);
        Assert.Equal(Amqp10Value.Map(Amqp10Value.String("hash"), Amqp10Value.Binary([0xca, 0xfe])), messages[0].Footer);
        Assert.Null(messages[0].Value);
        Assert.Equal(3, messages[1].Sequence!.Count);
        Assert.Equal(Amqp10Value.List(), messages[1].Sequence![1]);
    }

    [RheaFact]
    public async Task Each_outcome_rhea_settles_with_reaches_the_sender_with_its_details()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync("outcome").AsTask().WaitAsync(Timeout);
        Amqp10Message Asking(string subject) => new() { Properties = new Amqp10Properties { Subject = subject }, Value = Amqp10Value.String(subject) };

        Amqp10DeliveryState? accepted = await sender.SendAsync(Asking("accept")).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, accepted?.Kind);

        Amqp10DeliveryState? rejected = await sender.SendAsync(Asking("reject")).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Rejected, rejected?.Kind);
        Assert.Equal(Amqp10Conditions.PreconditionFailed, rejected!.Value.Error?.Condition);
        Assert.Equal("refused by rhea", rejected.Value.Error?.Description);
        // rhea writes an error's info map with string keys (the spec's fields type has symbol keys); it arrives as sent.
        Assert.Equal(Amqp10Value.Map(Amqp10Value.String("reason"), Amqp10Value.String("test")).ToString(), rejected.Value.Error?.Info?.ToString());

        Amqp10DeliveryState? released = await sender.SendAsync(Asking("release")).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Released, released?.Kind);

        Amqp10DeliveryState? modified = await sender.SendAsync(Asking("modify")).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Modified, modified?.Kind);
        Assert.True(modified!.Value.DeliveryFailed);
        Assert.True(modified.Value.UndeliverableHere);
        Assert.Equal(Amqp10Value.Map(Amqp10Value.Symbol("x-opt-rhea"), Amqp10Value.String("modified")).ToString(), modified.Value.MessageAnnotations?.ToString());

        // Overlapping sends each get an outcome. All ask for the same one: rhea 3.0.5 settles consecutive deliveries
        // with one disposition range and, when a range holds a single delivery so far, adds the next one to it whatever
        // its outcome (write_dispositions compares states only from the third delivery on), so mixed outcomes settled
        // together come back wrong from rhea itself (seen on the wire: accept and reject settled as one accepted range).
        Amqp10DeliveryState?[] outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => sender.SendAsync(Asking("reject")).AsTask())).WaitAsync(Timeout);
        Assert.All(outcomes, o =>
        {
            Assert.Equal(Amqp10DeliveryStateKind.Rejected, o?.Kind);
            Assert.Equal("refused by rhea", o!.Value.Error?.Description);
        });
    }

    [RheaFact]
    public async Task Each_settlement_of_the_receiver_reaches_rhea_with_its_details()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("typed").AsTask().WaitAsync(Timeout);
        var deliveries = new List<Amqp10Delivery>();
        for (int i = 0; i < 7; i++) deliveries.Add(await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout));
        await receiver.AcceptAsync(deliveries[0]);
        await receiver.RejectAsync(deliveries[1], new Amqp10Error(Amqp10Conditions.PreconditionFailed, "refused by TypedAmqp"));
        await receiver.ReleaseAsync(deliveries[2]);
        await receiver.ModifyAsync(deliveries[3], deliveryFailed: true, undeliverableHere: false);
        await receiver.ModifyAsync(deliveries[4], deliveryFailed: false, undeliverableHere: true);
        await receiver.SettleAsync(deliveries[5], Amqp10DeliveryState.Accepted);
        await receiver.RejectAsync(deliveries[6]);

        var seen = new Dictionary<int, JsonElement>();
        while (seen.Count < 7)
        {
            JsonElement outcome = await Rhea.NextEventAsync("outcome", Timeout);
            seen[outcome.GetProperty("index").GetInt32()] = outcome;
        }

        string Kind(int i) => seen[i].GetProperty("kind").GetString()!;
        Assert.Equal(["accepted", "rejected", "released", "modified", "modified", "accepted", "rejected"], Enumerable.Range(0, 7).Select(Kind));
        Assert.Equal("amqp:precondition-failed", seen[1].GetProperty("condition").GetString());
        Assert.Equal("refused by TypedAmqp", seen[1].GetProperty("description").GetString());
        Assert.True(seen[3].GetProperty("delivery_failed").GetBoolean());
        Assert.False(seen[3].TryGetProperty("undeliverable_here", out JsonElement u3) && u3.GetBoolean());
        Assert.False(seen[4].TryGetProperty("delivery_failed", out JsonElement d4) && d4.GetBoolean());
        Assert.True(seen[4].GetProperty("undeliverable_here").GetBoolean());
        Assert.False(seen[6].TryGetProperty("condition", out _));
    }

    [RheaFact]
    public async Task The_sender_keeps_to_rhea_s_credit_and_sends_the_rest_once_rhea_grants_more()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync("credit").AsTask().WaitAsync(Timeout);
        Task<Amqp10DeliveryState?>[] sends = [.. Enumerable.Range(0, 5).Select(i => sender.SendAsync(new Amqp10Message { Value = Amqp10Value.Int(i) }).AsTask())];

        // rhea granted 3: three arrive and are accepted, the other two wait.
        var received = new List<string>();
        for (int i = 0; i < 3; i++) received.Add(RheaReport.Of(Report(await Rhea.NextEventAsync("received", Timeout))).Single());
        await Task.WhenAll(sends.Take(3)).WaitAsync(Timeout);
        Assert.All(sends.Take(3), s => Assert.Equal(Amqp10DeliveryStateKind.Accepted, s.Result?.Kind));
        await Task.Delay(700);
        Assert.False(sends[3].IsCompleted || sends[4].IsCompleted, $"a send completed beyond rhea's credit: {sends[3].Status}, {sends[4].Status}");
        await Assert.ThrowsAsync<TimeoutException>(() => Rhea.NextLineAsync(TimeSpan.FromMilliseconds(300)));

        await Rhea.WriteLineAsync("credit credit 2");
        for (int i = 0; i < 2; i++) received.Add(RheaReport.Of(Report(await Rhea.NextEventAsync("received", Timeout))).Single());
        Amqp10DeliveryState?[] rest = await Task.WhenAll(sends.Skip(3)).WaitAsync(Timeout);
        Assert.All(rest, o => Assert.Equal(Amqp10DeliveryStateKind.Accepted, o?.Kind));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"body.value={Amqp10Value.Int(i)}"), received); // in order; no "oversent" event came between them
    }

    [RheaFact]
    public async Task A_send_beyond_rhea_s_credit_times_out_as_not_sent_and_rhea_never_sees_it()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync("credit", new Amqp10SenderOptions { SendTimeout = TimeSpan.FromSeconds(1) }).AsTask().WaitAsync(Timeout);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Value = Amqp10Value.Int(i) }).AsTask().WaitAsync(Timeout))?.Kind);
            await Rhea.NextEventAsync("received", Timeout);
        }

        TimeoutException timeout = await Assert.ThrowsAsync<TimeoutException>(() => sender.SendAsync(new Amqp10Message { Value = Amqp10Value.Int(3) }).AsTask().WaitAsync(Timeout));
        Assert.Contains("was not sent: the peer granted no credit", timeout.Message);
        await Assert.ThrowsAsync<TimeoutException>(() => Rhea.NextLineAsync(TimeSpan.FromMilliseconds(500))); // no transfer reached rhea

        // Credit granted later goes to the next message, not to the one that gave up.
        await Rhea.WriteLineAsync("credit credit 1");
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Value = Amqp10Value.Int(4) }).AsTask().WaitAsync(Timeout))?.Kind);
        Assert.Equal([$"body.value={Amqp10Value.Int(4)}"], RheaReport.Of(Report(await Rhea.NextEventAsync("received", Timeout))));
    }

    [RheaFact]
    public async Task The_receiver_s_credit_bounds_what_rhea_sends_and_the_stream_arrives_in_order()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("stream", new Amqp10ReceiverOptions { Credit = 4 }).AsTask().WaitAsync(Timeout);
        var numbers = new List<long>();
        for (int i = 0; i < 40; i++)
        {
            Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
            numbers.Add(delivery.Message.Value!.Value.AsSigned);
            await receiver.AcceptAsync(delivery);
        }

        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), numbers);
        var events = new List<JsonElement>();
        await Rhea.NextEventAsync("attached", Timeout);
        while (true)
        {
            try
            {
                events.Add(JsonDocument.Parse(await Rhea.NextLineAsync(TimeSpan.FromMilliseconds(500))).RootElement);
            }
            catch (TimeoutException)
            {
                break;
            }
        }

        int[] credits = [.. events.Where(e => e.GetProperty("event").GetString() == "credit").Select(e => e.GetProperty("credit").GetInt32())];
        Assert.True(credits.Length >= 10, $"40 messages through a credit of 4 took only {credits.Length} flows: {string.Join(",", credits)}");
        Assert.All(credits, c => Assert.InRange(c, 1, 4));
        Assert.Equal(40, events.Count(e => e.GetProperty("event").GetString() == "outcome" && e.GetProperty("kind").GetString() == "accepted"));
    }

    [RheaFact]
    public async Task Rhea_checks_PLAIN_credentials_and_refuses_a_wrong_password()
    {
        Amqp10ConnectionOptions Plain(string password) => new()
        {
            Host = "127.0.0.1", Port = _port, UserName = "rhea", Password = password, AllowInsecureMechanisms = true,
        };
        await using (Amqp10Client client = await Amqp10Client.ConnectAsync(Plain("secret")).AsTask().WaitAsync(Timeout))
        {
            await using Amqp10Sender sender = await client.CreateSenderAsync("record").AsTask().WaitAsync(Timeout);
            Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Value = Amqp10Value.Int(1) }).AsTask().WaitAsync(Timeout))?.Kind);
        }

        AmqpAuthenticationException refused = await Assert.ThrowsAsync<AmqpAuthenticationException>(() => Amqp10Client.ConnectAsync(Plain("wrong")).AsTask().WaitAsync(Timeout));
        Assert.DoesNotContain("wrong", refused.Message);
        Assert.Contains("rhea", refused.Message);
    }
}
