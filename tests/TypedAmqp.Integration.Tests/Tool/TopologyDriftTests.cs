using TypedAmqp.Messaging;
using TypedAmqp.Tool.Drift;

namespace TypedAmqp.Integration.Tool;

/// <summary>The drift comparison on its own: contracts against definitions JSON as the management API returns it, no broker.</summary>
public sealed class TopologyDriftTests
{
    private static readonly TopologyDescription Contracts = new(
        [new ExchangeDeclaration("orders", "topic"), new ExchangeDeclaration("orders.copies", "fanout", Internal: true, Arguments: new Dictionary<string, object?> { ["alternate-exchange"] = "orders.lost" })],
        [
            new QueueDeclaration("billing", Arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 5, ["x-max-length"] = 1000L }),
            new QueueDeclaration("", Exclusive: true, AutoDelete: true, Key: TopologyDescription.ServerNamedPrefix + "Replies"),
            new QueueDeclaration("audit", Exclusive: true),
        ],
        [
            new BindingDeclaration("orders", "billing", false, "order.*"),
            new BindingDeclaration("orders", "orders.copies", true, "#"),
            new BindingDeclaration("orders", TopologyDescription.ServerNamedPrefix + "Replies", false, "reply"),
            new BindingDeclaration("orders", "audit", false, "#"),
        ]);

    private const string Matching = """
        {
          "rabbit_version": "3.10.8",
          "exchanges": [
            {"name": "orders", "vhost": "/", "type": "topic", "durable": true, "auto_delete": false, "internal": false, "arguments": {}},
            {"name": "orders.copies", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": true, "arguments": {"alternate-exchange": "orders.lost"}},
            {"name": "unrelated", "vhost": "/", "type": "direct", "durable": false, "auto_delete": false, "internal": false, "arguments": {}}
          ],
          "queues": [
            {"name": "billing", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-queue-type": "quorum", "x-delivery-limit": 5, "x-max-length": 1000}}
          ],
          "bindings": [
            {"source": "orders", "vhost": "/", "destination": "billing", "destination_type": "queue", "routing_key": "order.*", "arguments": {}},
            {"source": "orders", "vhost": "/", "destination": "orders.copies", "destination_type": "exchange", "routing_key": "#", "arguments": {}}
          ]
        }
        """;

    [Fact]
    public void Matching_definitions_are_no_drift_whatever_the_number_types_and_extra_entities()
    {
        Assert.Empty(TopologyDrift.Compare(Contracts, BrokerDefinitions.Parse(Matching)));
    }

    [Fact]
    public void Empty_definitions_list_everything_the_contracts_declare_except_connection_owned_queues()
    {
        IReadOnlyList<DriftItem> drift = TopologyDrift.Compare(Contracts, BrokerDefinitions.Parse("""{"exchanges": [], "queues": [], "bindings": []}"""));

        Assert.Equal(
            [
                "missing exchange orders",
                "missing exchange orders.copies",
                "missing queue billing",
                "missing binding orders -> billing (key \"order.*\")",
                "missing binding orders -> exchange orders.copies (key \"#\")",
            ],
            drift.Select(d => d.ToString()));
    }

    [Fact]
    public void Changed_settings_and_arguments_are_conflicts_naming_each_difference()
    {
        string changed = Matching
            .Replace("\"type\": \"topic\", \"durable\": true", "\"type\": \"direct\", \"durable\": false", StringComparison.Ordinal)
            .Replace("\"x-delivery-limit\": 5, \"x-max-length\": 1000", "\"x-delivery-limit\": 7, \"x-message-ttl\": 60000", StringComparison.Ordinal)
            .Replace("{\"alternate-exchange\": \"orders.lost\"}", "{\"alternate-exchange\": 3}", StringComparison.Ordinal);

        IReadOnlyList<DriftItem> drift = TopologyDrift.Compare(Contracts, BrokerDefinitions.Parse(changed));

        Assert.Equal(
            [
                "conflicting exchange orders: type: contracts topic, broker direct; durable: contracts true, broker false",
                "conflicting exchange orders.copies: argument alternate-exchange: contracts \"orders.lost\", broker 3",
                "conflicting queue billing: argument x-delivery-limit: contracts 5, broker 7; argument x-max-length: contracts 1000, broker (none); argument x-message-ttl: contracts (none), broker 60000",
            ],
            drift.Select(d => d.ToString()));
        Assert.All(drift, d => Assert.Equal(DriftKind.Conflicting, d.Kind));
    }

    [Fact]
    public void A_binding_with_other_arguments_is_a_conflict_and_one_with_another_key_is_missing()
    {
        var headers = new TopologyDescription(
            [new ExchangeDeclaration("events", "headers")],
            [new QueueDeclaration("eu")],
            [new BindingDeclaration("events", "eu", false, "", new Dictionary<string, object?> { ["x-match"] = "all", ["region"] = "eu" })]);
        const string Definitions = """
            {
              "exchanges": [{"name": "events", "type": "headers", "durable": true, "auto_delete": false, "internal": false, "arguments": {}}],
              "queues": [{"name": "eu", "durable": true, "auto_delete": false, "arguments": {}}],
              "bindings": [{"source": "events", "destination": "eu", "destination_type": "queue", "routing_key": "", "arguments": {"x-match": "any", "region": "eu"}}]
            }
            """;

        DriftItem conflict = Assert.Single(TopologyDrift.Compare(headers, BrokerDefinitions.Parse(Definitions)));
        Assert.Equal("conflicting binding events -> eu (key \"\"): argument x-match: contracts \"all\", broker \"any\"", conflict.ToString());

        DriftItem missing = Assert.Single(TopologyDrift.Compare(headers, BrokerDefinitions.Parse(Definitions.Replace("\"routing_key\": \"\"", "\"routing_key\": \"eu\"", StringComparison.Ordinal))));
        Assert.Equal(DriftKind.Missing, missing.Kind);
    }

    [Fact]
    public void A_queue_the_broker_holds_as_exclusive_conflicts()
    {
        string exclusive = Matching.Replace("{\"name\": \"billing\", \"vhost\": \"/\", \"durable\": true,", "{\"name\": \"billing\", \"vhost\": \"/\", \"durable\": true, \"exclusive\": true,", StringComparison.Ordinal);

        DriftItem drift = Assert.Single(TopologyDrift.Compare(Contracts, BrokerDefinitions.Parse(exclusive)));
        Assert.Equal("conflicting queue billing: exclusive: contracts false, broker true", drift.ToString());
    }

    [Fact]
    public void A_classic_queue_declared_with_its_type_spelled_out_is_no_drift()
    {
        var classic = new TopologyDescription([], [new QueueDeclaration("plain")], []);
        const string Definitions = """{"queues": [{"name": "plain", "durable": true, "auto_delete": false, "arguments": {"x-queue-type": "classic"}}]}""";

        Assert.Empty(TopologyDrift.Compare(classic, BrokerDefinitions.Parse(Definitions)));
        Assert.Single(TopologyDrift.Compare(classic, BrokerDefinitions.Parse(Definitions.Replace("classic", "quorum", StringComparison.Ordinal))));
    }

    [Fact]
    public void Text_that_is_not_definitions_is_a_tool_error()
    {
        Assert.Throws<TypedAmqp.Tool.ToolException>(() => BrokerDefinitions.Parse("<html>login</html>"));
    }
}
