using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Emitting;

/// <summary>Emits the sealed publisher class that implements an [Exchange] contract.</summary>
internal static class PublisherEmitter
{
    public static string HintName(PublisherSpec spec) => $"{spec.Exchange.Contract.Namespace}.{spec.Exchange.Contract.BaseName}Publisher.g.cs".TrimStart('.');

    public static string ClassName(ContractInfo contract) => contract.BaseName + "Publisher";

    public static string Emit(PublisherSpec spec)
    {
        ExchangeModel exchange = spec.Exchange;
        ContractInfo contract = exchange.Contract;
        Dictionary<string, string> descriptors = DescriptorFields(exchange.Methods.SelectMany(m => m.Messages));
        SourceWriter writer = GeneratedCode.Start(contract.Namespace);

        writer.Line($"/// <summary>Publishes the messages of <see cref=\"{contract.InterfaceFullName}\"/> to exchange {Xml(exchange.Name)}, awaiting the broker's confirm for each.</summary>");
        GeneratedCode.TypeAttributes(writer);
        writer.Open($"{(contract.IsPublic ? "public" : "internal")} sealed class {ClassName(contract)} : {contract.InterfaceFullName}");
        writer.Line("/// <summary>The exchange this publisher sends to.</summary>");
        writer.Line($"public const string ExchangeName = {CSharpLiteral.String(exchange.Name)};");
        writer.Line();
        writer.Line($"private static readonly byte[] s_exchange = {CSharpLiteral.Utf8(exchange.Name)}.ToArray();");
        foreach (PublisherMethodModel method in exchange.Methods.Where(m => !m.RoutingKey.Any(s => s.IsPlaceholder)))
        {
            writer.Line($"private static readonly byte[] s_{GeneratedCode.Camel(method.Name)}RoutingKey = {CSharpLiteral.Utf8(method.RoutingKeyTemplate)}.ToArray();");
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
        writer.Line("/// <summary>Creates the publisher over a messaging transport, such as <see cref=\"global::TypedAmqp.Messaging.AmqpMessaging\"/>.</summary>");
        writer.Open($"public {ClassName(contract)}(global::TypedAmqp.Messaging.IMessagePublisher publisher)");
        writer.Line("_publisher = publisher ?? throw new global::System.ArgumentNullException(nameof(publisher));");
        writer.Close();

        foreach (PublisherMethodModel method in exchange.Methods)
        {
            writer.Line();
            EmitMethod(writer, contract, method, descriptors);
        }

        writer.Close();
        return writer.ToString();
    }

    private static void EmitMethod(SourceWriter writer, ContractInfo contract, PublisherMethodModel method, Dictionary<string, string> descriptors)
    {
        string descriptor = descriptors[method.Message.FullName];
        string awaitable = method.ReturnsTask ? "global::System.Threading.Tasks.Task" : "global::System.Threading.Tasks.ValueTask";
        string returnType = method.Response is null ? awaitable : $"{awaitable}<{method.Response.FullName}>";
        string innerReturnType = method.Response is null ? "global::System.Threading.Tasks.ValueTask" : $"global::System.Threading.Tasks.ValueTask<{method.Response.FullName}>";
        var parameters = new List<string> { $"{(method.IsBatch ? method.BatchCollectionType : method.Message.FullName)} {method.MessageParameter}" };
        if (method.OptionsParameter is not null) parameters.Add($"global::TypedAmqp.Messaging.PublishOptions? {method.OptionsParameter}");
        if (method.CancellationParameter is not null) parameters.Add($"global::System.Threading.CancellationToken {method.CancellationParameter}");
        string options = method.OptionsParameter ?? "null";
        string cancellation = method.CancellationParameter ?? "default";
        string publishOne = (method.Response is null ? "Publish" : "Request") + method.Name;

        string signature = $"{returnType} {contract.InterfaceFullName}.{method.Name}({string.Join(", ", parameters)})";
        if (method.IsBatch)
        {
            writer.Open($"async {signature}");
            writer.Line($"global::System.ArgumentNullException.ThrowIfNull({method.MessageParameter});");
            writer.Line("var confirms = new global::TypedAmqp.Messaging.ConfirmBatch();");
            writer.Open($"foreach ({method.Message.FullName} message in {method.MessageParameter})");
            writer.Line($"confirms.Add({publishOne}(message, {options}, {cancellation}));");
            writer.Close();
            writer.Line();
            writer.Line("await confirms.WhenAllAsync().ConfigureAwait(false);");
            writer.Close();
        }
        else
        {
            string call = $"{publishOne}({method.MessageParameter}, {options}, {cancellation})";
            writer.Line($"{signature} =>");
            writer.Line(method.ReturnsTask ? $"    {call}.AsTask();" : $"    {call};");
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
                writer.Line(segment.Format switch
                {
                    PlaceholderFormat.None => $"routingKey.Append({CSharpLiteral.Utf8(segment.Text)});",
                    PlaceholderFormat.String => $"routingKey.Append(message.{segment.Text});",
                    PlaceholderFormat.Enum => $"routingKey.AppendEnum(message.{segment.Text});",
                    _ => $"routingKey.AppendFormatted(message.{segment.Text});",
                });
            }

            routingKey = "routingKey.Written";
        }
        else
        {
            routingKey = $"s_{GeneratedCode.Camel(method.Name)}RoutingKey";
        }

        if (method.Response is { } response)
        {
            writer.Line($"return _publisher.RequestAsync(s_exchange, {routingKey}, {descriptor}, message, {descriptors[response.FullName]}, global::System.TimeSpan.FromMilliseconds({method.ReplyTimeoutMs}), options, cancellationToken);");
        }
        else
        {
            writer.Line($"return _publisher.PublishAsync(s_exchange, {routingKey}, {descriptor}, message, options, cancellationToken);");
        }
        writer.Close();
    }

    /// <summary>One descriptor field per message type, named after it (numbered if two types share a simple name).</summary>
    internal static Dictionary<string, string> DescriptorFields(IEnumerable<MessageTypeModel> messages)
    {
        var fields = new Dictionary<string, string>();
        var used = new HashSet<string>();
        foreach (MessageTypeModel message in messages)
        {
            if (fields.ContainsKey(message.FullName)) continue;
            string name = $"s_{GeneratedCode.Camel(message.DisplayName)}Message";
            for (int i = 2; !used.Add(name); i++) name = $"s_{GeneratedCode.Camel(message.DisplayName)}Message{i}";
            fields[message.FullName] = name;
        }

        return fields;
    }

    private static string Xml(string text) => "\"" + text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;") + "\"";
}
