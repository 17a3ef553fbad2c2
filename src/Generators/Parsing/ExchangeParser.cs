using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Turns an [Exchange] interface into an <see cref="ExchangeModel"/> plus the diagnostics about its own methods.</summary>
internal static class ExchangeParser
{
    private static readonly string[] BatchCollections =
    [
        "System.Collections.Generic.IEnumerable<T>",
        "System.Collections.Generic.IReadOnlyList<T>",
        "System.Collections.Generic.IReadOnlyCollection<T>",
        "System.Collections.Generic.IList<T>",
        "System.Collections.Generic.ICollection<T>",
        "System.Collections.Generic.List<T>",
    ];

    public static ParseResult<ExchangeModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var contract = (INamedTypeSymbol)context.TargetSymbol;
        AttributeData attribute = context.Attributes[0];
        var diagnostics = new List<DiagnosticInfo>();
        ContractInfo info = ContractReader.Read(contract);
        if (!ContractReader.CanGenerate(contract, info, context.SemanticModel.Compilation, [info.PublisherClass], ContractMethodReader.Publisher, diagnostics))
        {
            return new ParseResult<ExchangeModel>(null, diagnostics.ToEquatableArray());
        }

        string name = AttributeReader.Constructor(attribute, 0) as string ?? string.Empty;
        int kind = AttributeReader.Constructor(attribute, 1) is int k ? k : 2;
        string? customType = AttributeReader.Named<string?>(attribute, "CustomType", null);
        string kindName = AttributeReader.ExchangeKindName(kind, null);
        string type = AttributeReader.ExchangeKindName(kind, customType);
        LocationInfo? location = LocationInfo.From(attribute);
        if (kind == 4 && string.IsNullOrEmpty(customType))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidExchangeSettings, location, name, "ExchangeKind.Custom needs CustomType, such as \"x-delayed-message\""));
        }
        else if (kind is < 0 or > 4)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidExchangeSettings, location, name, $"({kind}) is not an ExchangeKind; use Direct, Fanout, Topic, Headers or Custom"));
        }
        else if (kind != 4 && customType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidExchangeSettings, location, name, $"CustomType = \"{customType}\" only applies to ExchangeKind.Custom; set the kind to Custom, or remove CustomType"));
        }

        var arguments = new List<ArgumentModel>();
        if (AttributeReader.Named<string?>(attribute, "AlternateExchange", null) is { } alternate)
        {
            arguments.Add(ArgumentModel.Setting("alternate-exchange", "AlternateExchange", alternate));
        }

        arguments.AddRange(AttributeReader.FreeFormArguments(contract, "exchange", name, diagnostics));

        var methods = new List<PublisherMethodModel>();
        var stubs = new List<string>();
        foreach (ISymbol member in ContractMembers.All(contract))
        {
            cancellationToken.ThrowIfCancellationRequested();
            PublisherMethodModel? method = ParseMethod(contract, member, kind, diagnostics);
            if (method is not null) methods.Add(method);
            else if (ContractMembers.MustBeImplemented(contract, member) && MemberSignature.ThrowingStub(member, StubReason(contract, member)) is { } stub) stubs.Add(stub);
        }

        var model = new ExchangeModel(
            info, name, kind == 4 ? "custom" : kindName, type,
            AttributeReader.Named(attribute, "Durable", true),
            AttributeReader.Named(attribute, "AutoDelete", false),
            AttributeReader.Named(attribute, "Internal", false),
            arguments.ToEquatableArray(),
            methods.ToEquatableArray(),
            stubs.ToEquatableArray(),
            BindingReader.ReadAll(contract, "ExchangeBindingAttribute", info.DisplayName, diagnostics),
            location);
        return new ParseResult<ExchangeModel>(model, diagnostics.ToEquatableArray());
    }

    /// <summary>The message parameter as passed on to the publishing helper; a message declared nullable is asserted not null there (and checked at run time).</summary>
    private static string MessageArgument(IParameterSymbol parameter, bool isBatch) =>
        Identifier.Escape(parameter.Name) + (!isBatch && parameter.Type.IsReferenceType && parameter.Type.NullableAnnotation == NullableAnnotation.Annotated ? "!" : string.Empty);

    private static string StubReason(INamedTypeSymbol contract, ISymbol member) =>
        $"{SymbolNames.Display(contract)}.{member.Name} is not a valid publisher method (see diagnostic TAMQP010); TypedAmqp generated no implementation for it.";

    private static PublisherMethodModel? ParseMethod(INamedTypeSymbol contract, ISymbol member, int exchangeKind, List<DiagnosticInfo> diagnostics)
    {
        if (!ContractMethodReader.TryRead(contract, member, ContractMethodReader.Publisher, diagnostics, out ContractMethodReader.ContractMethod shape)) return null;
        IMethodSymbol method = shape.Method;
        bool returnsTask = shape.ReturnsTask;
        ITypeSymbol? responseType = shape.Response;
        LocationInfo? location = shape.Location;
        string owner = ContractMethodReader.OwnerName(contract, member);
        void Fail(string problem) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPublisherMethod, location, owner, member.Name, problem));

        IParameterSymbol messageParameter = method.Parameters[0];
        ITypeSymbol messageType = messageParameter.Type;
        bool isBatch = false;
        string? batchType = null;
        if (messageType is INamedTypeSymbol { IsGenericType: true } generic && BatchCollections.Contains(generic.ConstructedFrom.ToDisplayString()))
        {
            isBatch = true;
            batchType = SymbolNames.Type(messageType);
            messageType = generic.TypeArguments[0];
        }
        else if (messageType is IArrayTypeSymbol { Rank: 1 } array)
        {
            isBatch = true;
            batchType = SymbolNames.Type(messageType);
            messageType = array.ElementType;
        }

        if (ContractMethodReader.MessageTypeProblem(messageType) is { } messageProblem)
        {
            Fail(messageProblem);
            return null;
        }

        string? optionsParameter = null;
        string? cancellationParameter = null;
        for (int i = 1; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            string parameterType = parameter.Type.ToDisplayString();
            if (parameter.RefKind != RefKind.None)
            {
                Fail($"parameter '{parameter.Name}' is passed by reference");
                return null;
            }

            if ((parameterType == "TypedAmqp.Messaging.PublishOptions" || parameterType == "TypedAmqp.Messaging.PublishOptions?") && optionsParameter is null)
            {
                optionsParameter = Identifier.Escape(parameter.Name);
            }
            else if (parameterType == "System.Threading.CancellationToken" && i == method.Parameters.Length - 1)
            {
                cancellationParameter = Identifier.Escape(parameter.Name);
            }
            else
            {
                Fail($"parameter '{parameter.Name}' of type {parameterType} is not supported; after the message only one PublishOptions and a final CancellationToken may follow");
                return null;
            }
        }

        AttributeData? routingKeyAttribute = AttributeReader.Find(method, "RoutingKeyAttribute");
        string? template = AttributeReader.Constructor(routingKeyAttribute, 0) as string;
        if (template is null)
        {
            if (exchangeKind is 0 or 2 or 4)
            {
                Fail("needs [RoutingKey(\"...\")]: direct and topic exchanges route on it");
                return null;
            }

            template = string.Empty;
        }

        LocationInfo? keyLocation = routingKeyAttribute is not null ? LocationInfo.From(routingKeyAttribute) ?? location : location;
        if (isBatch && responseType is not null)
        {
            Fail("a batch method cannot be a request; publish requests one at a time");
            return null;
        }

        EquatableArray<RoutingKeySegment>? segments = ParseTemplate(template, messageType, owner, method.Name, keyLocation, diagnostics);
        if (segments is null) return null;

        AttributeData? timeoutAttribute = AttributeReader.Find(method, "ReplyTimeoutAttribute");
        return new PublisherMethodModel(
            method.Name, MemberSignature.Method(method), MessageTypeReader.Read(messageType), MessageArgument(messageParameter, isBatch), isBatch, batchType,
            optionsParameter, cancellationParameter, returnsTask, template, segments.Value, responseType is null ? null : MessageTypeReader.Read(responseType),
            AttributeReader.Constructor(timeoutAttribute, 0) is int timeout ? timeout : PublisherMethodModel.DefaultReplyTimeoutMs,
            timeoutAttribute is null ? null : LocationInfo.From(timeoutAttribute), keyLocation, location);
    }

    /// <summary>Cuts "order.created.{Region}" into literals and placeholders, checking each placeholder against the message.</summary>
    private static EquatableArray<RoutingKeySegment>? ParseTemplate(
        string template, ITypeSymbol messageType, string contractName, string methodName, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        string owner = contractName + "." + methodName;
        var segments = new List<RoutingKeySegment>();
        int position = 0;
        bool valid = true;
        while (position < template.Length)
        {
            int open = template.IndexOf('{', position);
            if (open < 0)
            {
                segments.Add(new RoutingKeySegment(template.Substring(position), PlaceholderFormat.None));
                break;
            }

            if (open > position) segments.Add(new RoutingKeySegment(template.Substring(position, open - position), PlaceholderFormat.None));
            int close = template.IndexOf('}', open);
            if (close < 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPublisherMethod, location, contractName, methodName, $"routing key '{template}' has a '{{' without a closing '}}'"));
                return null;
            }

            string member = template.Substring(open + 1, close - open - 1);
            ITypeSymbol? memberType = MessageTypeReader.FindMemberType(messageType, member);
            if (memberType is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPlaceholder, location, template, owner, member, messageType.Name));
                valid = false;
            }
            else
            {
                PlaceholderFormat format = MessageTypeReader.FormatOf(memberType);
                if (format == PlaceholderFormat.None)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PlaceholderNotFormattable, location, member, owner, memberType.ToDisplayString()));
                    valid = false;
                }
                else
                {
                    segments.Add(new RoutingKeySegment(
                        member, format, memberType.ToDisplayString(), MessageTypeReader.MayContainDot(memberType),
                        memberType.IsReferenceType && memberType.NullableAnnotation == NullableAnnotation.Annotated));
                }
            }

            position = close + 1;
        }

        return valid ? segments.ToEquatableArray() : null;
    }
}
