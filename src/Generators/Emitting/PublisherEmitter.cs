using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Emitting;

/// <summary>Emits the sealed publisher class that implements an [Exchange] contract.</summary>
internal static class PublisherEmitter
{
    public static string Emit(PublisherSpec spec)
    {
        ExchangeModel exchange = spec.Exchange;
        ContractInfo contract = exchange.Contract;
        Dictionary<string, string> descriptors = DescriptorFields(exchange.Methods.SelectMany(m => m.Messages));
        (string Forward, string Single)[] helpers = HelperNames(exchange.Methods);
        SourceWriter writer = GeneratedCode.Start(contract.Namespace);

        string confirms = exchange.Methods.Any(m => m.Response is null) ? "; each publish completes when the broker confirms it, if the transport uses publisher confirms" : string.Empty;
        writer.Line($"/// <summary>Publishes the messages of <see cref=\"{contract.InterfaceFullName}\"/> to exchange {Xml(exchange.Name)}{confirms}.</summary>");
        GeneratedCode.TypeAttributes(writer);
        writer.Open($"{(contract.IsPublic ? "public" : "internal")} sealed class {contract.PublisherClass} : {contract.InterfaceFullName}");
        writer.Line("/// <summary>The exchange this publisher sends to.</summary>");
        writer.Line($"public const string ExchangeName = {CSharpLiteral.String(exchange.Name)};");
        writer.Line();
        writer.Line($"private static readonly byte[] s_exchange = {CSharpLiteral.Utf8(exchange.Name)}.ToArray();");
        for (int i = 0; i < exchange.Methods.Count; i++)
        {
            PublisherMethodModel method = exchange.Methods[i];
            if (method.RoutingKey.Any(s => s.IsPlaceholder)) continue;
            writer.Line($"private static readonly byte[] {RoutingKeyField(helpers[i].Single)} = {CSharpLiteral.Utf8(method.RoutingKeyTemplate)}.ToArray();");
        }

        foreach (KeyValuePair<string, string> descriptor in descriptors)
        {
            MessageTypeModel message = exchange.Methods.SelectMany(m => m.Messages).First(m => m.FullName == descriptor.Key);
            writer.Line($"private static readonly global::TypedAmqp.Messaging.MessageDescriptor<{message.FullName}> {descriptor.Value} =");
            writer.Line($"    {GeneratedCode.Descriptor(message.FullName, message.WireName, spec.JsonContext)};");
        }

        writer.Line();
        writer.Line("private readonly global::TypedAmqp.Messaging.IMessagePublisher _publisher;");
        writer.Line();
        writer.Line("/// <summary>Creates the publisher over a messaging transport (the host injects one; without a host, a <c>RecoveringMessaging</c>).</summary>");
        writer.Open($"public {contract.PublisherClass}(global::TypedAmqp.Messaging.IMessagePublisher publisher)");
        writer.Line("_publisher = publisher ?? throw new global::System.ArgumentNullException(nameof(publisher));");
        writer.Close();

        for (int i = 0; i < exchange.Methods.Count; i++)
        {
            writer.Line();
            EmitMethod(writer, exchange.Methods[i], helpers[i], descriptors);
        }

        foreach (string rejected in exchange.RejectedMembers)
        {
            writer.Line();
            writer.Line(rejected);
        }

        writer.Close();
        return writer.ToString();
    }

    private static void EmitMethod(SourceWriter writer, PublisherMethodModel method, (string Forward, string Single) helper, Dictionary<string, string> descriptors)
    {
        string descriptor = descriptors[method.Message.FullName];
        string innerReturnType = method.Response is null ? "global::System.Threading.Tasks.ValueTask" : $"global::System.Threading.Tasks.ValueTask<{method.Response.FullName}>";
        string options = method.OptionsParameter ?? "null";
        string cancellation = method.CancellationParameter ?? "default";
        string publishOne = helper.Single;

        // The interface method only forwards, so the helpers' parameter names never meet the user's.
        string call = $"{helper.Forward}({method.MessageParameter}, {options}, {cancellation})";
        writer.Line($"{method.Signature} =>");
        writer.Line(method.ReturnsTask ? $"    {call}.AsTask();" : $"    {call};");

        if (method.IsBatch)
        {
            writer.Line();
            writer.Open($"private async global::System.Threading.Tasks.ValueTask {helper.Forward}({method.BatchCollectionType} messages, global::TypedAmqp.Messaging.PublishOptions? options, global::System.Threading.CancellationToken cancellationToken)");
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(messages);");
            writer.Line("var confirms = new global::TypedAmqp.Messaging.ConfirmBatch();");
            writer.Open("foreach (var message in messages)");
            writer.Line($"confirms.Add({publishOne}(message!, options, cancellationToken)); // a null item is refused there, like a single null message");
            writer.Close();
            writer.Line();
            writer.Line("await confirms.WhenAllAsync().ConfigureAwait(false);");
            writer.Close();
        }

        writer.Line();
        writer.Open($"private {innerReturnType} {publishOne}({method.Message.FullName} message, global::TypedAmqp.Messaging.PublishOptions? options, global::System.Threading.CancellationToken cancellationToken)");
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(message);");
        string routingKey;
        if (method.RoutingKey.Any(s => s.IsPlaceholder))
        {
            writer.Line("var routingKey = global::TypedAmqp.Messaging.RoutingKeyWriter.Start();");
            foreach (RoutingKeySegment segment in method.RoutingKey)
            {
                string member = Identifier.Escape(segment.Text);
                writer.Line(segment.Format switch
                {
                    PlaceholderFormat.None => $"routingKey.Append({CSharpLiteral.Utf8(segment.Text)});",
                    PlaceholderFormat.String => $"routingKey.Append(message.{member});",
                    PlaceholderFormat.Enum => $"routingKey.AppendEnum(message.{member});",
                    _ when segment.IsNullableReference => $"routingKey.AppendFormatted(message.{member} ?? throw new global::System.ArgumentException({CSharpLiteral.String($"The routing-key placeholder {{{segment.Text}}} is null.")}, nameof(message)));",
                    _ => $"routingKey.AppendFormatted(message.{member});",
                });
            }

            routingKey = "routingKey.Written";
        }
        else
        {
            routingKey = RoutingKeyField(publishOne);
        }

        // The template goes along for telemetry (messaging.destination.template): only the contract knows it.
        string template = $"routingKeyTemplate: {CSharpLiteral.String(method.RoutingKeyTemplate)}";
        if (method.Response is { } response)
        {
            writer.Line($"return _publisher.RequestAsync(s_exchange, {routingKey}, {template}, {descriptor}, message, {descriptors[response.FullName]}, global::System.TimeSpan.FromMilliseconds({method.ReplyTimeoutMs}), options, cancellationToken);");
        }
        else
        {
            writer.Line($"return _publisher.PublishAsync(s_exchange, {routingKey}, {template}, {descriptor}, message, options, cancellationToken);");
        }

        writer.Close();
    }

    /// <summary>
    /// The private helpers of each method: the one the interface method forwards to and, for a batch, the one that
    /// publishes a single item. Publish/Request plus the method's name, numbered where overloads or other names would
    /// collide, so every helper name is unique.
    /// </summary>
    private static (string Forward, string Single)[] HelperNames(EquatableArray<PublisherMethodModel> methods)
    {
        var used = new UniqueNames();

        var names = new (string Forward, string Single)[methods.Count];
        for (int i = 0; i < methods.Count; i++)
        {
            string name = (methods[i].Response is null ? "Publish" : "Request") + methods[i].Name;
            names[i] = methods[i].IsBatch ? (used.Claim(name + "Batch"), used.Claim(name)) : (used.Claim(name), string.Empty);
            if (!methods[i].IsBatch) names[i].Single = names[i].Forward;
        }

        return names;
    }

    private static string RoutingKeyField(string helper) => $"s_{GeneratedCode.Camel(helper)}RoutingKey";

    /// <summary>One descriptor field per message type, named after it (numbered if two types share a simple name).</summary>
    internal static Dictionary<string, string> DescriptorFields(IEnumerable<MessageTypeModel> messages)
    {
        var fields = new Dictionary<string, string>();
        var used = new UniqueNames();
        foreach (MessageTypeModel message in messages)
        {
            if (fields.ContainsKey(message.FullName)) continue;
            fields[message.FullName] = used.Claim($"s_{GeneratedCode.Camel(message.DisplayName)}Message");
        }

        return fields;
    }

    /// <summary>A name inside a doc comment: as a C# literal (so no character can end the comment line), XML-escaped.</summary>
    private static string Xml(string text) => CSharpLiteral.String(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
