using System.Text.Json;
using TypedAmqp.Messaging;

namespace TypedAmqp.Runtime.Tests.Messaging;

/// <summary>The topology as RabbitMQ definitions and as a Mermaid diagram.</summary>
public sealed class TopologyExportTests
{
    private static readonly TopologyDescription Shop = new(
        [
            new ExchangeDeclaration("orders", "topic"),
            new ExchangeDeclaration("orders.audit", "fanout", Internal: true),
        ],
        [
            new QueueDeclaration("billing", Arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 5, ["x-message-ttl"] = 60000L }),
            new QueueDeclaration("", Durable: false, Exclusive: true, Key: TopologyDescription.ServerNamedPrefix + "Shop.IReplies"),
            new QueueDeclaration("scratch", Exclusive: true),
        ],
        [
            new BindingDeclaration("orders", "billing", false, "order.created.*"),
            new BindingDeclaration("orders", "orders.audit", true, "#"),
            new BindingDeclaration("orders", TopologyDescription.ServerNamedPrefix + "Shop.IReplies", false, "reply.*"),
            new BindingDeclaration("orders", "scratch", false, "x", new Dictionary<string, object?> { ["x-match"] = "any", ["kind"] = "a" }),
        ]);

    [Fact]
    public void Definitions_hold_every_shared_entity_with_its_settings_and_arguments_typed()
    {
        using JsonDocument definitions = JsonDocument.Parse(RabbitMqDefinitions.Write(Shop, "shop"));
        JsonElement root = definitions.RootElement;

        JsonElement[] exchanges = root.GetProperty("exchanges").EnumerateArray().ToArray();
        Assert.Equal(["orders", "orders.audit"], exchanges.Select(e => e.GetProperty("name").GetString()));
        Assert.All(exchanges, e => Assert.Equal("shop", e.GetProperty("vhost").GetString()));
        Assert.True(exchanges[1].GetProperty("internal").GetBoolean());
        Assert.Equal("fanout", exchanges[1].GetProperty("type").GetString());

        JsonElement billing = Assert.Single(root.GetProperty("queues").EnumerateArray());
        Assert.Equal("billing", billing.GetProperty("name").GetString());
        Assert.True(billing.GetProperty("durable").GetBoolean());
        JsonElement arguments = billing.GetProperty("arguments");
        Assert.Equal("quorum", arguments.GetProperty("x-queue-type").GetString());
        Assert.Equal(JsonValueKind.Number, arguments.GetProperty("x-delivery-limit").ValueKind);
        Assert.Equal(60000, arguments.GetProperty("x-message-ttl").GetInt64());

        JsonElement[] bindings = root.GetProperty("bindings").EnumerateArray().ToArray();
        Assert.Equal(["billing", "orders.audit"], bindings.Select(b => b.GetProperty("destination").GetString()));
        Assert.Equal("exchange", bindings[1].GetProperty("destination_type").GetString());
        Assert.Equal("order.created.*", bindings[0].GetProperty("routing_key").GetString());
    }

    [Fact]
    public void An_argument_a_definitions_file_cannot_express_is_refused_by_name()
    {
        var topology = new TopologyDescription([new ExchangeDeclaration("e", "direct", Arguments: new Dictionary<string, object?> { ["x-odd"] = new object() })], [], []);
        ArgumentException refused = Assert.Throws<ArgumentException>(() => RabbitMqDefinitions.Write(topology));
        Assert.Contains("x-odd", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diagram_draws_exchanges_queues_and_labelled_bindings()
    {
        string diagram = TopologyDiagram.ToMermaid(Shop);
        string[] lines = diagram.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("flowchart LR", lines[0]);
        Assert.Contains(lines, l => l.Contains("([\"orders<br/><i>topic</i>\"])", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[(\"billing\")]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[(\"(server-named)\")]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("-->|\"order.created.*\"|", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("-->|\"x-match=any, kind=a\"|", StringComparison.Ordinal));
        Assert.Equal(4, lines.Count(l => l.Contains("-->", StringComparison.Ordinal)));
    }
}
