using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Turns a [Queue] interface (with its [Binding]s and optional [Consumer]) into a <see cref="QueueModel"/>.</summary>
internal static class QueueParser
{
    public static ParseResult<QueueModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var contract = (INamedTypeSymbol)context.TargetSymbol;
        AttributeData attribute = context.Attributes[0];
        var diagnostics = new List<DiagnosticInfo>();
        ContractInfo info = ContractReader.Read(contract);
        AttributeData? consumerAttribute = AttributeReader.Find(contract, "ConsumerAttribute");
        string[] generated = consumerAttribute is null ? [] : [info.DispatcherClass];
        if (!ContractReader.CanGenerate(contract, info, context.SemanticModel.Compilation, generated, ContractMethodReader.Handler, diagnostics))
        {
            return new ParseResult<QueueModel>(null, diagnostics.ToEquatableArray());
        }

        LocationInfo? location = LocationInfo.From(attribute);
        if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].IsNull)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, location, "Queue", "null", "a queue needs a name, or \"\" for one the broker names"));
            return new ParseResult<QueueModel>(null, diagnostics.ToEquatableArray());
        }

        string name = AttributeReader.Constructor(attribute, 0) as string ?? string.Empty;
        int kind = AttributeReader.Constructor(attribute, 1) is int k ? k : 0;
        int overflow = AttributeReader.Named(attribute, "Overflow", 0);
        if (kind is < 0 or > 2) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidQueueSettings, location, name, $"({kind}) is not a QueueKind; use Classic, Quorum or Stream"));
        if (overflow is < 0 or > 3) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidQueueSettings, location, name, $"({overflow}) is not a QueueOverflow value"));

        ConsumerModel? consumer = consumerAttribute is null ? null : ParseConsumer(contract, consumerAttribute, diagnostics, cancellationToken);

        var model = new QueueModel(
            info,
            name,
            kind switch { 1 => "quorum", 2 => "stream", _ => "classic" },
            AttributeReader.Named(attribute, "Durable", true),
            AttributeReader.Named(attribute, "Exclusive", false),
            AttributeReader.Named(attribute, "AutoDelete", false),
            AttributeReader.Named<string?>(attribute, "DeadLetterExchange", null),
            AttributeReader.Named<string?>(attribute, "DeadLetterRoutingKey", null),
            AttributeReader.Named(attribute, "MessageTtl", -1L),
            AttributeReader.Named(attribute, "Expires", -1L),
            AttributeReader.Named(attribute, "MaxLength", -1L),
            AttributeReader.Named(attribute, "MaxLengthBytes", -1L),
            overflow switch { 1 => "drop-head", 2 => "reject-publish", 3 => "reject-publish-dlx", _ => null },
            AttributeReader.Named(attribute, "MaxPriority", 0),
            AttributeReader.Named(attribute, "SingleActiveConsumer", false),
            AttributeReader.Named(attribute, "DeliveryLimit", 0),
            AttributeReader.FreeFormArguments(contract, "queue", name, diagnostics).ToEquatableArray(),
            BindingReader.ReadAll(contract, "BindingAttribute", info.DisplayName, diagnostics),
            AttributeReader.FindAll(contract, "BindingAttribute").Any(),
            consumer,
            location);
        return new ParseResult<QueueModel>(model, diagnostics.ToEquatableArray());
    }

    private static ConsumerModel ParseConsumer(INamedTypeSymbol contract, AttributeData attribute, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        LocationInfo? location = LocationInfo.From(attribute);
        int prefetch = AttributeReader.Named(attribute, "Prefetch", 16);
        int concurrency = AttributeReader.Named(attribute, "Concurrency", 1);
        if (prefetch is < 0 or > ushort.MaxValue)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidConsumer, location, SymbolNames.Display(contract), $"Prefetch {prefetch} is outside 0–65535"));
        }

        int retries = AttributeReader.Named(attribute, "Retries", 0);
        int retryDelay = AttributeReader.Named(attribute, "RetryDelay", 100);
        int maxDeliveryCount = AttributeReader.Named(attribute, "MaxDeliveryCount", 0);
        if (retries < 0 || retryDelay < 0 || maxDeliveryCount < 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidConsumer, location, SymbolNames.Display(contract), "Retries, RetryDelay and MaxDeliveryCount cannot be negative"));
        }

        if (concurrency < 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidConsumer, location, SymbolNames.Display(contract), $"Concurrency {concurrency} must be at least 1"));
        }

        var handlers = new List<HandlerModel>();
        int rejected = 0;
        foreach (ISymbol member in ContractMembers.All(contract))
        {
            cancellationToken.ThrowIfCancellationRequested();
            HandlerModel? handler = ParseHandler(contract, member, diagnostics);
            if (handler is not null) handlers.Add(handler);
            else if (ContractMembers.MustBeImplemented(contract, member)) rejected++;
        }

        // A contract whose handlers were all rejected already has a diagnostic for each.
        if (handlers.Count == 0 && rejected == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidConsumer, location, SymbolNames.Display(contract), "a consumer contract needs at least one handler method"));
        }

        foreach (IGrouping<string, HandlerModel> group in handlers.GroupBy(h => h.Message.FullName).Where(g => g.Count() > 1))
        {
            HandlerModel[] duplicates = group.ToArray();
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.DuplicateHandler, duplicates[1].Location, SymbolNames.Display(contract), duplicates[0].Message.DisplayName, duplicates[0].Name, duplicates[1].Name));
        }

        return new ConsumerModel(
            Clamp(prefetch), System.Math.Max(1, concurrency), AttributeReader.Named(attribute, "RequeueOnFailure", false),
            System.Math.Max(0, retries), System.Math.Max(0, retryDelay), System.Math.Max(0, maxDeliveryCount), handlers.ToEquatableArray(), location);
    }

    private static int Clamp(int prefetch) => prefetch < 0 ? 0 : prefetch > ushort.MaxValue ? ushort.MaxValue : prefetch;

    private static HandlerModel? ParseHandler(INamedTypeSymbol contract, ISymbol member, List<DiagnosticInfo> diagnostics)
    {
        if (!ContractMethodReader.TryRead(contract, member, ContractMethodReader.Handler, diagnostics, out ContractMethodReader.ContractMethod shape)) return null;
        IMethodSymbol method = shape.Method;
        bool returnsTask = shape.ReturnsTask;
        ITypeSymbol? responseType = shape.Response;
        LocationInfo? location = shape.Location;
        void Fail(string problem) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidHandlerMethod, location, ContractMethodReader.OwnerName(contract, member), member.Name, problem));

        ITypeSymbol messageType = method.Parameters[0].Type;
        if (ContractMethodReader.MessageTypeProblem(messageType) is { } messageProblem)
        {
            Fail(messageProblem);
            return null;
        }

        bool takesContext = false;
        bool takesCancellation = false;
        for (int i = 1; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            string parameterType = parameter.Type.ToDisplayString();
            if (parameter.RefKind == RefKind.None && parameterType is "TypedAmqp.Messaging.MessageContext" or "TypedAmqp.Messaging.MessageContext?" && !takesContext && !takesCancellation)
            {
                takesContext = true;
            }
            else if (parameter.RefKind == RefKind.None && parameterType == "System.Threading.CancellationToken" && i == method.Parameters.Length - 1)
            {
                takesCancellation = true;
            }
            else
            {
                Fail($"parameter '{parameter.Name}' of type {parameterType} is not supported; after the message only a MessageContext and a final CancellationToken may follow");
                return null;
            }
        }

        // An inherited handler is called through its own interface: two base interfaces may declare the same method.
        string? declaredOn = SymbolEqualityComparer.Default.Equals(method.ContainingType, contract) ? null : AttributeReader.FullName(method.ContainingType);
        return new HandlerModel(method.Name, declaredOn, MessageTypeReader.Read(messageType), takesContext, takesCancellation, returnsTask, responseType is null ? null : MessageTypeReader.Read(responseType), location);
    }
}
