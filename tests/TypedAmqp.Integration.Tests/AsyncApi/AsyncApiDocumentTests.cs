using System.Text.Json;
using System.Text.Json.Nodes;
using TypedAmqp.Integration.Tool;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.AsyncApi;

/// <summary>
/// AsyncAPI 3.0 documents of generated and hand-built topologies, read back as JSON and validated by the AsyncAPI
/// project's own parser, which must find no error, and does find them in a document broken on purpose.
/// </summary>
public sealed class AsyncApiDocumentTests
{
    private static readonly AsyncApiInfo Info = new("Integration tests", "1.2.3", "amqp://guest:secret-password@127.0.0.1:5672/shop");

    [AsyncApiParserFact]
    public async Task OrderProcessing_exported_by_the_tool_is_a_valid_document_with_its_operations_and_schemas()
    {
        ToolRun run = await ToolProcess.RunAsync("export", "--assembly", ToolProcess.OrderProcessing, "--format", "asyncapi", "--server", "amqp://guest:guest@127.0.0.1:5672/");
        Assert.True(run.ExitCode == 0, run.ToString());

        ParserVerdict verdict = await AsyncApiParser.ParseAsync(run.Output);
        Assert.True(verdict.Valid, verdict.Diagnostics);
        Assert.Contains("0 errors", verdict.Diagnostics, StringComparison.Ordinal);

        JsonNode document = JsonNode.Parse(run.Output)!;
        Assert.Equal("3.0.0", (string?)document["asyncapi"]);
        Assert.Equal("127.0.0.1:5672", (string?)document["servers"]!["broker"]!["host"]);
        Assert.Equal(
            ["IOrderEvents.OrderPlaced", "IPricing.GetQuote", "IFulfilment.Handle", "IPricingService.Handle"],
            document["operations"]!.AsObject().Select(o => o.Key));
        JsonNode placed = document["operations"]!["IOrderEvents.OrderPlaced"]!;
        Assert.Equal("send", (string?)placed["action"]);
        Assert.Equal("order.placed.{Region}", (string?)document["channels"]![((string)placed["channel"]!["$ref"]!)["#/channels/".Length..]]!["address"]);
        Assert.Equal("receive", (string?)document["operations"]!["IFulfilment.Handle"]!["action"]);
        Assert.NotNull(document["operations"]!["IPricing.GetQuote"]!["reply"]);
        JsonNode schema = document["components"]!["schemas"]!["orders.placed"]!;
        Assert.Equal("uuid", (string?)schema["properties"]!["OrderId"]!["format"]);
        Assert.NotNull(schema["properties"]!["Quantity"]);
        Assert.DoesNotContain("guest", run.Output, StringComparison.Ordinal);
    }

    [AsyncApiParserFact]
    public async Task The_other_samples_exported_by_the_tool_are_valid_documents()
    {
        foreach (string sample in new[] { "QuickstartAssembly", "WebApiAssembly" })
        {
            ToolRun run = await ToolProcess.RunAsync("export", "--assembly", ToolProcess.Sample(sample), "--format", "asyncapi");
            Assert.True(run.ExitCode == 0, run.ToString());

            ParserVerdict verdict = await AsyncApiParser.ParseAsync(run.Output);

            Assert.True(verdict.Valid, $"{sample}: {verdict.Diagnostics}");
            Assert.NotEmpty(JsonNode.Parse(run.Output)!["operations"]!.AsObject());
        }
    }

    [AsyncApiParserFact]
    public async Task The_generated_topology_of_this_assembly_is_a_valid_document()
    {
        string json = AsyncApiDocument.Write(TypedAmqp.Generated.MessagingTopology.Description, TypedAmqp.Generated.MessagingTopology.Operations, Info);

        ParserVerdict verdict = await AsyncApiParser.ParseAsync(json);

        Assert.True(verdict.Valid, verdict.Diagnostics);
        Assert.NotEmpty(JsonNode.Parse(json)!["operations"]!.AsObject());
    }

    [AsyncApiParserFact]
    public async Task A_hand_built_topology_with_a_plugin_exchange_a_server_named_queue_and_a_recursive_message_is_valid()
    {
        string json = AsyncApiDocument.Write(HandBuilt.Topology, HandBuilt.Operations, Info);

        ParserVerdict verdict = await AsyncApiParser.ParseAsync(json);

        Assert.True(verdict.Valid, verdict.Diagnostics + "\n" + json);
    }

    [AsyncApiParserFact]
    public async Task A_deliberately_broken_document_is_refused_by_the_parser()
    {
        // Two ways a writer could go wrong: AsyncAPI 2's verb instead of 3's, and a reference to a channel not written.
        JsonNode wrongVerb = JsonNode.Parse(AsyncApiDocument.Write(HandBuilt.Topology, HandBuilt.Operations, Info))!;
        wrongVerb["operations"]!["ITrees.Plant"]!["action"] = "publish";
        JsonNode danglingReference = JsonNode.Parse(AsyncApiDocument.Write(HandBuilt.Topology, HandBuilt.Operations, Info))!;
        danglingReference["operations"]!["ITrees.Plant"]!["channel"] = new JsonObject { ["$ref"] = "#/channels/nowhere" };

        ParserVerdict verb = await AsyncApiParser.ParseAsync(wrongVerb.ToJsonString());
        ParserVerdict reference = await AsyncApiParser.ParseAsync(danglingReference.ToJsonString());

        Assert.False(verb.Valid, verb.Diagnostics);
        Assert.Contains("\"action\" property must be equal to one of the allowed values", verb.Diagnostics, StringComparison.Ordinal);
        Assert.False(reference.Valid, reference.Diagnostics);
        Assert.Contains("'#/channels/nowhere' does not exist", reference.Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public void The_server_is_written_without_credentials_and_with_its_virtual_host()
    {
        string json = AsyncApiDocument.Write(HandBuilt.Topology, HandBuilt.Operations, Info);

        JsonNode server = JsonNode.Parse(json)!["servers"]!["broker"]!;
        Assert.Equal("127.0.0.1:5672", (string?)server["host"]);
        Assert.Equal("amqp", (string?)server["protocol"]);
        Assert.Equal("/shop", (string?)server["pathname"]);
        Assert.DoesNotContain("secret-password", json, StringComparison.Ordinal);
        Assert.DoesNotContain("guest", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Routing_key_placeholders_are_parameters_read_from_the_payload_property_they_are_serialized_as()
    {
        JsonNode document = JsonNode.Parse(AsyncApiDocument.Write(HandBuilt.Topology, HandBuilt.Operations, Info))!;

        JsonNode channel = document["channels"]!["sensors.reading.Sensor"]!;
        Assert.Equal("reading.{Sensor}", (string?)channel["address"]);
        Assert.Equal("$message.payload#/sensor", (string?)channel["parameters"]!["Sensor"]!["location"]);
        // A plugin exchange type is not one the AMQP binding knows, so the binding leaves the type out.
        Assert.Null(channel["bindings"]!["amqp"]!["exchange"]!["type"]);
    }

    [Fact]
    public void A_handler_overloaded_per_message_type_is_an_operation_per_message_and_same_named_contracts_are_numbered()
    {
        MessageOperation[] operations =
        [
            new(OperationAction.Receive, "IGardener", "Handle", null, null, "trees.planted", new MessageDescription("trees.node", TreeJson.Default.TreeNode)),
            new(OperationAction.Receive, "IGardener", "Handle", null, null, "trees.planted", new MessageDescription("sensors.reading", TreeJson.Default.Reading)),
            new(OperationAction.Send, "ITrees", "Plant", "trees", "planted.oak", null, new MessageDescription("trees.node", TreeJson.Default.TreeNode)),
            new(OperationAction.Send, "ITrees", "Plant", "trees", "planted.oak", null, new MessageDescription("trees.node", TreeJson.Default.TreeNode)),
        ];

        JsonNode document = JsonNode.Parse(AsyncApiDocument.Write(HandBuilt.Topology, operations, Info))!;

        Assert.Equal(
            ["IGardener.Handle.trees.node", "IGardener.Handle.sensors.reading", "ITrees.Plant.trees.node", "ITrees.Plant.trees.node_2"],
            document["operations"]!.AsObject().Select(o => o.Key));
        Assert.Equal(2, document["channels"]!["trees.planted"]!["messages"]!.AsObject().Count);
    }

    [Fact]
    public void A_recursive_schema_refers_to_itself_where_it_stands_in_the_document()
    {
        string json = AsyncApiDocument.Write(HandBuilt.Topology, HandBuilt.Operations, Info);

        using JsonDocument document = JsonDocument.Parse(json);
        string children = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("trees.node").GetProperty("properties").GetProperty("children").GetRawText();
        Assert.Contains("\"$ref\": \"#/components/schemas/trees.node\"", children, StringComparison.Ordinal);
    }

    /// <summary>A topology beyond what the samples show: a delayed-message exchange, a server-named queue, recursion.</summary>
    private static class HandBuilt
    {
        private const string Replies = TopologyDescription.ServerNamedPrefix + "Tests.IReplies";

        public static TopologyDescription Topology { get; } = new(
            [new ExchangeDeclaration("trees", "topic"), new ExchangeDeclaration("sensors", "x-delayed-message", Arguments: new Dictionary<string, object?> { ["x-delayed-type"] = "topic" })],
            [new QueueDeclaration("trees.planted"), new QueueDeclaration("", Exclusive: true, AutoDelete: true, Key: Replies)],
            [new BindingDeclaration("trees", "trees.planted", false, "planted.#"), new BindingDeclaration("sensors", Replies, false, "reading.*")]);

        public static MessageOperation[] Operations { get; } =
        [
            new(OperationAction.Send, "ITrees", "Plant", "trees", "planted.oak", null, new MessageDescription("trees.node", TreeJson.Default.TreeNode)),
            new(OperationAction.Send, "ISensors", "Report", "sensors", "reading.{Sensor}", null, new MessageDescription("sensors.reading", TreeJson.Default.Reading)),
            new(OperationAction.Receive, "IGardener", "Handle", null, null, "trees.planted", new MessageDescription("trees.node", TreeJson.Default.TreeNode)),
            new(OperationAction.Receive, "IReplies", "Handle", null, null, Replies, new MessageDescription("sensors.reading", TreeJson.Default.Reading), new MessageDescription("trees.node", TreeJson.Default.TreeNode)),
        ];
    }
}
