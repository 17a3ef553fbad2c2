using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Emitting;

/// <summary>Emits the dispatcher of a [Consumer] contract: a switch on the message type that deserializes and calls the handler.</summary>
internal static class DispatcherEmitter
{
    public static string Emit(DispatcherSpec spec)
    {
        QueueModel queue = spec.Queue;
        ContractInfo contract = queue.Contract;
        Dictionary<string, string> descriptors = PublisherEmitter.DescriptorFields(spec.Consumer.Handlers.SelectMany(h => h.Messages));
        SourceWriter writer = GeneratedCode.Start(contract.Namespace);

        writer.Line($"/// <summary>Dispatches deliveries of queue {CSharpLiteral.String(queue.Name)} to a <see cref=\"{contract.InterfaceFullName}\"/> by message type.</summary>");
        GeneratedCode.TypeAttributes(writer);
        writer.Open($"{(contract.IsPublic ? "public" : "internal")} sealed class {contract.DispatcherClass}");
        writer.Line(queue.IsServerNamed ? "/// <summary>The queue this consumer reads: \"\", named by the broker when declared.</summary>" : "/// <summary>The queue this consumer reads.</summary>");
        writer.Line($"public const string QueueName = {CSharpLiteral.String(queue.Name)};");
        writer.Line();
        writer.Line(queue.IsServerNamed
            ? "/// <summary>The key a <see cref=\"global::TypedAmqp.Messaging.DeclaredTopology\"/> maps to the broker's name for this server-named queue.</summary>"
            : "/// <summary>How the declared topology refers to the queue: its name.</summary>");
        writer.Line($"public const string QueueReference = {CSharpLiteral.String(queue.Reference)};");
        writer.Line();
        writer.Line("/// <summary>Unacknowledged deliveries the broker sends ahead.</summary>");
        writer.Line($"public const ushort Prefetch = {spec.Consumer.Prefetch};");
        writer.Line();
        writer.Line("/// <summary>Handlers running at once.</summary>");
        writer.Line($"public const int Concurrency = {spec.Consumer.Concurrency};");
        writer.Line();
        writer.Line("/// <summary>Whether a failed handler's message is requeued (true) or dead-lettered (false).</summary>");
        writer.Line($"public const bool RequeueOnFailure = {CSharpLiteral.Bool(spec.Consumer.RequeueOnFailure)};");
        writer.Line();
        writer.Line("private static readonly global::TypedAmqp.Messaging.DispatchPolicy s_policy = new(");
        writer.Line($"    requeueOnFailure: RequeueOnFailure, retries: {spec.Consumer.Retries}, retryDelay: global::System.TimeSpan.FromMilliseconds({spec.Consumer.RetryDelay}), maxDeliveryCount: {spec.Consumer.MaxDeliveryCount},");
        writer.Line($"    deadLetterExchange: {CSharpLiteral.String(queue.DeadLetterExchange)}, deadLetterRoutingKey: {CSharpLiteral.String(queue.DeadLetterRoutingKey)});");
        writer.Line();
        foreach (KeyValuePair<string, string> descriptor in descriptors)
        {
            MessageTypeModel message = spec.Consumer.Handlers.SelectMany(h => h.Messages).First(m => m.FullName == descriptor.Key);
            writer.Line($"private static readonly global::TypedAmqp.Messaging.MessageDescriptor<{message.FullName}> {descriptor.Value} =");
            writer.Line($"    {GeneratedCode.Descriptor(message.FullName, message.WireName, spec.JsonContext)};");
        }

        // Telemetry's messaging.destination.template: the publishing contract's routing-key template, known only here.
        var templates = new Dictionary<string, string>();
        foreach (DeliveryTemplateModel template in spec.Templates)
        {
            string field = descriptors[template.MessageFullName] + "Template"; // unique: every descriptor field ends in "Message"
            templates[template.MessageFullName] = field;
            writer.Line($"private static readonly global::TypedAmqp.Messaging.DestinationTemplate {field} = new({CSharpLiteral.String(template.Exchange)}, {CSharpLiteral.String(template.RoutingKeyTemplate)}, QueueName);");
        }

        writer.Line();
        writer.Line($"private readonly {contract.InterfaceFullName} _handler;");
        writer.Line("private readonly global::Microsoft.Extensions.Logging.ILogger? _logger;");
        writer.Line("private readonly global::TypedAmqp.Messaging.IMessagePublisher? _replies;");
        writer.Line();
        writer.Line("/// <summary>Creates the dispatcher for a handler; failures are logged to <paramref name=\"logger\"/>, replies to requests go through <paramref name=\"replies\"/>.</summary>");
        writer.Open($"public {contract.DispatcherClass}({contract.InterfaceFullName} handler, global::Microsoft.Extensions.Logging.ILogger? logger = null, global::TypedAmqp.Messaging.IMessagePublisher? replies = null)");
        writer.Line("_handler = handler ?? throw new global::System.ArgumentNullException(nameof(handler));");
        writer.Line("_logger = logger;");
        writer.Line("_replies = replies;");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Handles one received message; the signature subscriptions take.</summary>");
        writer.Line("public global::System.Threading.Tasks.ValueTask HandleAsync(global::TypedAmqp.Messaging.ReceivedMessage message, global::System.Threading.CancellationToken cancellationToken) =>");
        writer.Line("    global::TypedAmqp.Messaging.MessageDispatch.WithoutOutcome(DispatchAsync(message, cancellationToken));");
        writer.Line();
        writer.Line("/// <summary>Handles one received message and tells how it was settled.</summary>");
        writer.Open("public global::System.Threading.Tasks.ValueTask<global::TypedAmqp.Messaging.DispatchOutcome> DispatchAsync(global::TypedAmqp.Messaging.ReceivedMessage message, global::System.Threading.CancellationToken cancellationToken)");
        writer.Line("global::System.ReadOnlySpan<byte> messageType = message.Properties.TypeUtf8;");
        foreach (HandlerModel handler in spec.Consumer.Handlers)
        {
            string field = descriptors[handler.Message.FullName];
            string template = "template: " + (templates.TryGetValue(handler.Message.FullName, out string? templateField) ? templateField : "null");
            writer.Open($"if (global::System.MemoryExtensions.SequenceEqual(messageType, {field}.WireNameUtf8.Span))");
            if (handler.Response is { } response)
            {
                writer.Line($"return global::TypedAmqp.Messaging.MessageDispatch.HandleRequestAsync(message, {field}, {descriptors[response.FullName]}, _handler, {Invoker(handler)}, _replies, _logger, {template}, cancellationToken);");
            }
            else
            {
                writer.Line($"return global::TypedAmqp.Messaging.MessageDispatch.HandleAsync(message, {field}, _handler, {Invoker(handler)}, s_policy, _replies, _logger, {template}, cancellationToken);");
            }
            writer.Close();
            writer.Line();
        }

        writer.Line($"return global::TypedAmqp.Messaging.MessageDispatch.RejectUnknownTypeAsync(message, {CSharpLiteral.String(contract.DisplayName)}, s_policy, _replies, _logger);");
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private static string Invoker(HandlerModel handler)
    {
        var arguments = new List<string> { "message" };
        if (handler.TakesContext) arguments.Add("context");
        if (handler.TakesCancellation) arguments.Add("token");
        string target = handler.DeclaredOn is null ? "handler" : $"(({handler.DeclaredOn})handler)";
        string call = $"{target}.{Identifier.Escape(handler.Name)}({string.Join(", ", arguments)})";
        if (handler.ReturnsTask) call = handler.Response is { } response ? $"new global::System.Threading.Tasks.ValueTask<{response.FullName}>({call})" : $"new global::System.Threading.Tasks.ValueTask({call})";
        // A handler without a MessageContext gets a lambda without one, so the runtime need not create it.
        bool passContext = handler.TakesContext || handler.Response is not null;
        return passContext ? $"static (handler, message, context, token) => {call}" : $"static (handler, message, token) => {call}";
    }
}
