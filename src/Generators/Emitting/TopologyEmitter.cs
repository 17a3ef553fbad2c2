using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Emitting;

/// <summary>Emits the assembly's topology as data, and factory methods that create publishers and start consumers without DI.</summary>
internal static class TopologyEmitter
{
    public const string HintName = "TypedAmqp.Generated.MessagingTopology.g.cs";
    public const string FactoryHintName = "TypedAmqp.Generated.MessagingContracts.g.cs";

    public static string Emit(EquatableArray<PublisherSpec> publishers, TopologySpec spec)
    {
        SourceWriter writer = GeneratedCode.Start("TypedAmqp.Generated");
        writer.Line("/// <summary>Every exchange, queue and binding the messaging contracts of this assembly declare.</summary>");
        GeneratedCode.TypeAttributes(writer);
        writer.Open("internal static class MessagingTopology");
        writer.Line("/// <summary>The topology as data.</summary>");
        writer.Line("public static global::TypedAmqp.Messaging.TopologyDescription Description { get; } = new(");
        writer.Line("    exchanges: new global::TypedAmqp.Messaging.ExchangeDeclaration[]");
        writer.Line("    {");
        foreach (ExchangeModel exchange in spec.Exchanges)
        {
            writer.Line($"        new({CSharpLiteral.String(exchange.Name)}, {CSharpLiteral.String(exchange.Type)}, Durable: {CSharpLiteral.Bool(exchange.Durable)}, AutoDelete: {CSharpLiteral.Bool(exchange.AutoDelete)}, Internal: {CSharpLiteral.Bool(exchange.Internal)}, Arguments: {Dictionary(exchange.Arguments)}),");
        }

        writer.Line("    },");
        writer.Line("    queues: new global::TypedAmqp.Messaging.QueueDeclaration[]");
        writer.Line("    {");
        foreach (QueueModel queue in spec.Queues)
        {
            string key = queue.IsServerNamed ? $", Key: {CSharpLiteral.String(queue.Reference)}" : string.Empty;
            writer.Line($"        new({CSharpLiteral.String(queue.Name)}, Durable: {CSharpLiteral.Bool(queue.Durable)}, Exclusive: {CSharpLiteral.Bool(queue.Exclusive)}, AutoDelete: {CSharpLiteral.Bool(queue.AutoDelete)}, Arguments: {Dictionary(QueueArguments.Of(queue))}{key}),");
        }

        writer.Line("    },");
        writer.Line("    bindings: new global::TypedAmqp.Messaging.BindingDeclaration[]");
        writer.Line("    {");
        foreach (ExchangeModel exchange in spec.Exchanges)
        {
            foreach (BindingModel binding in exchange.SourceBindings) writer.Line("        " + Binding(binding, exchange.Name, toExchange: true));
        }

        foreach (QueueModel queue in spec.Queues)
        {
            foreach (BindingModel binding in queue.Bindings) writer.Line("        " + Binding(binding, queue.Reference, toExchange: false));
        }

        writer.Line("    });");
        writer.Line();
        writer.Line("/// <summary>The topology as a Mermaid flowchart (exchanges → bindings → queues → consumers), for a Markdown page.</summary>");
        writer.Line("public static string Diagram => global::TypedAmqp.Messaging.TopologyDiagram.ToMermaid(Description, new global::System.Collections.Generic.KeyValuePair<string, string>[]");
        writer.Line("{");
        foreach (DispatcherSpec consumer in spec.Consumers)
        {
            writer.Line($"    new({CSharpLiteral.String(consumer.Queue.Reference)}, {CSharpLiteral.String(consumer.Queue.Contract.DisplayName)}),");
        }

        writer.Line("});");
        writer.Line();
        EmitOperations(writer, publishers, spec);
        writer.Line();
        writer.Line("/// <summary>Declares (or verifies) the topology through a messaging transport: exchanges, then queues, then bindings; returns the broker's queue names.</summary>");
        writer.Line("public static global::System.Threading.Tasks.ValueTask<global::TypedAmqp.Messaging.DeclaredTopology> DeclareAsync(global::TypedAmqp.Messaging.ITopologyDeclarer messaging, global::TypedAmqp.Messaging.TopologyMode mode = global::TypedAmqp.Messaging.TopologyMode.Declare, global::System.Threading.CancellationToken cancellationToken = default) =>");
        writer.Line("    (messaging ?? throw new global::System.ArgumentNullException(nameof(messaging))).DeclareAsync(Description, mode, cancellationToken);");
        writer.Close();
        return writer.ToString();
    }

    private const string OperationType = "global::TypedAmqp.Messaging.MessageOperation";
    private const string Send = "global::TypedAmqp.Messaging.OperationAction.Send";
    private const string Receive = "global::TypedAmqp.Messaging.OperationAction.Receive";

    // What goes where, for AsyncAPI documents: only the generator knows which message each method sends or handles.
    private static void EmitOperations(SourceWriter writer, EquatableArray<PublisherSpec> publishers, TopologySpec spec)
    {
        writer.Line("/// <summary>");
        writer.Line("/// What the contracts publish and consume: one operation per publisher method and consumer handler, with its message");
        writer.Line("/// types. Built on each call, as it reads the JSON contexts, which declaring the topology does not need.");
        writer.Line("/// </summary>");
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<{OperationType}> Operations => new {OperationType}[]");
        writer.Line("{");
        foreach (PublisherSpec publisher in publishers)
        {
            foreach (PublisherMethodModel method in publisher.Exchange.Methods)
            {
                writer.Line($"    new({Send}, {CSharpLiteral.String(publisher.Exchange.Contract.DisplayName)}, {CSharpLiteral.String(method.Name)}, Exchange: {CSharpLiteral.String(publisher.Exchange.Name)}, RoutingKey: {CSharpLiteral.String(method.RoutingKeyTemplate)}, Queue: null,");
                writer.Line($"        Message: {Message(method.Message, publisher.JsonContext)}, Reply: {(method.Response is null ? "null" : Message(method.Response, publisher.JsonContext))}),");
            }
        }

        foreach (DispatcherSpec consumer in spec.Consumers)
        {
            foreach (HandlerModel handler in consumer.Consumer.Handlers)
            {
                writer.Line($"    new({Receive}, {CSharpLiteral.String(consumer.Queue.Contract.DisplayName)}, {CSharpLiteral.String(handler.Name)}, Exchange: null, RoutingKey: null, Queue: {CSharpLiteral.String(consumer.Queue.Reference)},");
                writer.Line($"        Message: {Message(handler.Message, consumer.JsonContext)}, Reply: {(handler.Response is null ? "null" : Message(handler.Response, consumer.JsonContext))}),");
            }
        }

        writer.Line("};");
        writer.Line();
        writer.Line("private static global::TypedAmqp.Messaging.MessageDescription Message(string wireName, global::System.Text.Json.Serialization.JsonSerializerContext context, global::System.Type type) =>");
        writer.Line("    new(wireName, context.GetTypeInfo(type) ?? throw new global::System.InvalidOperationException($\"{context.GetType()} has no metadata for {type}.\"));");
    }

    private static string Message(MessageTypeModel message, string jsonContext) =>
        $"Message({CSharpLiteral.String(message.WireName)}, {jsonContext}.Default, typeof({message.FullName}))";

    public static string EmitFactory(EquatableArray<PublisherSpec> publishers, TopologySpec spec)
    {
        SourceWriter writer = GeneratedCode.Start("TypedAmqp.Generated");
        writer.Line("/// <summary>Creates this assembly's publishers and starts its consumers, for programs that do not use dependency injection.</summary>");
        GeneratedCode.TypeAttributes(writer);
        writer.Open("internal static class MessagingContracts");
        bool first = true;
        Dictionary<string, string> publisherNames = ExtensionNames.For(publishers.Select(p => p.Exchange.Contract));
        Dictionary<string, string> consumerNames = ExtensionNames.For(spec.Consumers.Select(c => c.Queue.Contract));
        foreach (PublisherSpec publisher in publishers)
        {
            ContractInfo contract = publisher.Exchange.Contract;
            if (!first) writer.Line();
            first = false;
            writer.Line($"/// <summary>Creates the <see cref=\"{contract.InterfaceFullName}\"/> publisher.</summary>");
            writer.Line($"public static {contract.InterfaceFullName} Create{publisherNames[contract.InterfaceFullName]}Publisher(this global::TypedAmqp.Messaging.IMessagePublisher publisher) =>");
            writer.Line($"    new {contract.Qualified(contract.PublisherClass)}(publisher);");
        }

        foreach (DispatcherSpec consumer in spec.Consumers)
        {
            ContractInfo contract = consumer.Queue.Contract;
            string dispatcher = contract.Qualified(contract.DispatcherClass);
            if (!first) writer.Line();
            first = false;
            writer.Line(consumer.Queue.IsServerNamed
                ? "/// <summary>Starts consuming the server-named queue into <paramref name=\"handler\"/>, by the name in <paramref name=\"topology\"/> (what declaring the topology returned); dispose the consumer to stop.</summary>"
                : $"/// <summary>Starts consuming queue {CSharpLiteral.String(consumer.Queue.Name)} into <paramref name=\"handler\"/>; dispose the consumer to stop.</summary>");
            writer.Open($"public static global::System.Threading.Tasks.ValueTask<global::TypedAmqp.Messaging.IMessageSubscription> Start{consumerNames[contract.InterfaceFullName]}Async(this global::TypedAmqp.Messaging.IMessageSubscriber subscriber, {contract.InterfaceFullName} handler, global::Microsoft.Extensions.Logging.ILogger? logger = null, global::TypedAmqp.Messaging.DeclaredTopology? topology = null, global::System.Threading.CancellationToken cancellationToken = default)");
            writer.Line($"var dispatcher = new {dispatcher}(handler, logger, subscriber as global::TypedAmqp.Messaging.IMessagePublisher);");
            writer.Line($"string queue = (topology ?? global::TypedAmqp.Messaging.DeclaredTopology.None).QueueName({dispatcher}.QueueReference);");
            writer.Line($"return subscriber.SubscribeAsync(queue, {dispatcher}.Prefetch, {dispatcher}.Concurrency, dispatcher.HandleAsync, cancellationToken);");
            writer.Close();
        }

        writer.Close();
        return writer.ToString();
    }

    private static string Binding(BindingModel binding, string destination, bool toExchange)
    {
        var arguments = new List<ArgumentModel>();
        if (binding.Headers.Count > 0)
        {
            arguments.Add(ArgumentModel.Setting("x-match", "HeaderMatch", binding.Match));
            foreach (string header in binding.Headers)
            {
                int equals = header.IndexOf('=');
                if (equals > 0) arguments.Add(ArgumentModel.Setting(header.Substring(0, equals), "Headers", header.Substring(equals + 1)));
            }
        }

        return $"new({CSharpLiteral.String(binding.ExchangeName)}, {CSharpLiteral.String(destination)}, DestinationIsExchange: {CSharpLiteral.Bool(toExchange)}, RoutingKey: {CSharpLiteral.String(binding.RoutingKey)}, Arguments: {Dictionary(arguments)}),";
    }

    private static string Dictionary(IEnumerable<ArgumentModel> arguments)
    {
        ArgumentModel[] items = arguments.ToArray();
        if (items.Length == 0) return "null";
        return "new global::System.Collections.Generic.Dictionary<string, object?> { " +
            string.Join(", ", items.Select(a => $"[{CSharpLiteral.String(a.Name)}] = {a.ValueLiteral}")) + " }";
    }
}
