using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>
/// Checks the whole compilation's contracts together — what RabbitMQ would otherwise reject at run time
/// (PRECONDITION_FAILED, NOT_FOUND) or silently drop — and decides what to emit.
/// </summary>
internal static class ContractValidator
{
    public static ContractSet Validate(
        ImmutableArray<ParseResult<ExchangeModel>> exchangeResults,
        ImmutableArray<ParseResult<QueueModel>> queueResults,
        ImmutableArray<JsonContextModel?> contexts,
        ImmutableArray<EquatableArray<ExternalExchangeModel>> externalResults,
        ImmutableArray<DiagnosticInfo?> misplacedConsumers,
        (BrokerTarget Target, DiagnosticInfo? Problem) brokerChoice)
    {
        var diagnostics = new List<DiagnosticInfo>();
        BrokerTarget broker = brokerChoice.Target;
        if (brokerChoice.Problem is { } brokerProblem) diagnostics.Add(brokerProblem);
        foreach (DiagnosticInfo? misplaced in misplacedConsumers)
        {
            if (misplaced is not null) diagnostics.Add(misplaced);
        }

        foreach (ParseResult<ExchangeModel> result in exchangeResults) diagnostics.AddRange(result.Diagnostics);
        foreach (ParseResult<QueueModel> result in queueResults) diagnostics.AddRange(result.Diagnostics);

        // Sorted so the output does not depend on the order files were parsed in.
        ExchangeModel[] exchanges = exchangeResults.Select(r => r.Model).Where(m => m is not null).Select(m => m!)
            .OrderBy(e => e.Name, System.StringComparer.Ordinal).ThenBy(e => e.Contract.InterfaceFullName, System.StringComparer.Ordinal).ToArray();
        QueueModel[] queues = queueResults.Select(r => r.Model).Where(m => m is not null).Select(m => m!)
            .OrderBy(q => q.Name, System.StringComparer.Ordinal).ThenBy(q => q.Contract.InterfaceFullName, System.StringComparer.Ordinal).ToArray();
        ExternalExchangeModel[] externals = externalResults.SelectMany(e => e).ToArray();

        // A contract that could not be read takes its bindings with it: reachability warnings would then be wrong.
        bool complete = exchangeResults.All(r => r.Model is not null) && queueResults.All(r => r.Model is not null);

        CheckNames(exchanges, queues, diagnostics);
        CheckConflicts(exchanges, queues, diagnostics);
        foreach (QueueModel queue in queues)
        {
            QueueRules.Check(queue, broker, diagnostics);
            ConsumerRules.Check(queue, diagnostics);
        }

        foreach (ExchangeModel exchange in exchanges) ArgumentRules.Check("exchange", exchange.Name, exchange.Location, exchange.Arguments, diagnostics);

        Dictionary<string, string> kinds = ExchangeKinds(exchanges, externals);
        ReferenceRules.Check(exchanges, queues, externals, kinds, diagnostics);
        var allBindings = new List<(BindingModel Binding, string Owner, bool ToExchange)>();
        foreach (QueueModel queue in queues)
        {
            foreach (BindingModel binding in queue.Bindings) allBindings.Add((binding, queue.Contract.DisplayName, false));
            if (complete && queue.Bindings.Count == 0 && !queue.DeclaresBindings)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreachableQueue, queue.Location, queue.Name, queue.Contract.DisplayName));
            }
        }

        foreach (ExchangeModel exchange in exchanges)
        {
            foreach (BindingModel binding in exchange.SourceBindings) allBindings.Add((binding, exchange.Contract.DisplayName, true));
        }

        foreach ((BindingModel binding, string owner, _) in allBindings) CheckBinding(binding, owner, kinds, complete, diagnostics);
        foreach (ExchangeModel exchange in exchanges) CheckPublishedKeys(exchange, allBindings, complete, diagnostics);
        Utf8Rules.Check(exchanges, queues, diagnostics);
        MessageRules.Check(exchanges, queues, diagnostics);

        JsonContextModel? assemblyContext = contexts.FirstOrDefault(c => c is not null && c.Scope is null);
        var generatedTypes = new Dictionary<string, string>(System.StringComparer.Ordinal);
        // Hint names become file names, which some file systems compare without case: two types differing only in
        // case get distinct hint names.
        var hintNames = new UniqueNames(System.StringComparer.OrdinalIgnoreCase);
        foreach (string fixedHint in new[] { Emitting.TopologyEmitter.HintName, Emitting.TopologyEmitter.FactoryHintName, Emitting.RegistrationEmitter.HintName }) hintNames.Reserve(fixedHint);
        string HintName(ContractInfo contract, string className)
        {
            string stem = contract.MetadataName(className);
            return hintNames.Claim(stem + ".g.cs", i => $"{stem}.{i}.g.cs");
        }

        bool NameIsFree(ContractInfo contract, string className, LocationInfo? location)
        {
            string name = contract.MetadataName(className);
            if (generatedTypes.TryGetValue(name, out string? owner))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateGeneratedName, location, owner, contract.DisplayName, name));
                return false;
            }

            generatedTypes[name] = contract.DisplayName;
            return true;
        }

        var publishers = new List<PublisherSpec>();
        foreach (ExchangeModel exchange in exchanges.OrderBy(e => e.Contract.InterfaceFullName, System.StringComparer.Ordinal))
        {
            if (!NameIsFree(exchange.Contract, exchange.Contract.PublisherClass, exchange.Location)) continue;
            JsonContextModel? context = ResolveContext(exchange.Contract, contexts, assemblyContext);
            if (CheckContext(exchange.Contract, exchange.Location, context, exchange.Methods.SelectMany(m => m.Messages), diagnostics))
            {
                publishers.Add(new PublisherSpec(LocationFree.Of(exchange), context!.ContextFullName, HintName(exchange.Contract, exchange.Contract.PublisherClass)));
            }
        }

        var dispatchers = new List<DispatcherSpec>();
        foreach (QueueModel queue in queues.OrderBy(q => q.Contract.InterfaceFullName, System.StringComparer.Ordinal))
        {
            if (queue.Consumer is not { } consumer) continue;
            if (!NameIsFree(queue.Contract, queue.Contract.DispatcherClass, queue.Location)) continue;
            JsonContextModel? context = ResolveContext(queue.Contract, contexts, assemblyContext);
            if (CheckContext(queue.Contract, consumer.Location, context, consumer.Handlers.SelectMany(h => h.Messages), diagnostics))
            {
                QueueModel emitted = LocationFree.Of(queue);
                dispatchers.Add(new DispatcherSpec(
                    emitted, emitted.Consumer!, context!.ContextFullName, HintName(queue.Contract, queue.Contract.DispatcherClass), DeliveryTemplates(queue, exchanges)));
            }
        }

        var topology = new TopologySpec(
            exchanges.GroupBy(e => e.Name).Select(g => LocationFree.Of(g.First())).ToEquatableArray(),
            queues.Where(q => q.Name.Length == 0).Concat(queues.Where(q => q.Name.Length > 0).GroupBy(q => q.Name).Select(g => g.First())).Select(LocationFree.Of).ToEquatableArray(),
            dispatchers.ToEquatableArray());
        // A contract that is both an exchange and a queue is read twice; its shape problems are reported once.
        return new ContractSet(publishers.ToEquatableArray(), dispatchers.ToEquatableArray(), topology, diagnostics.Distinct().ToEquatableArray());
    }

    /// <summary>
    /// For each message type the queue's consumer handles, the publisher method that sends it to an exchange the
    /// queue is bound to, when there is exactly one such exchange and routing-key template in the compilation: its
    /// deliveries then have a destination template. A server-named queue has none (its name changes), and neither
    /// has a type two methods send with different templates (which one a delivery came from is unknown).
    /// </summary>
    private static EquatableArray<DeliveryTemplateModel> DeliveryTemplates(QueueModel queue, ExchangeModel[] exchanges)
    {
        var templates = new List<DeliveryTemplateModel>();
        if (queue.IsServerNamed || queue.Consumer is not { } consumer) return templates.ToEquatableArray();
        var boundExchanges = new HashSet<string>(queue.Bindings.Select(b => b.ExchangeName), System.StringComparer.Ordinal);
        foreach (string message in consumer.Handlers.Select(h => h.Message.FullName).Distinct(System.StringComparer.Ordinal))
        {
            var routes = exchanges
                .Where(e => boundExchanges.Contains(e.Name))
                .SelectMany(e => e.Methods.Where(m => m.Message.FullName == message).Select(m => (Exchange: e.Name, Template: m.RoutingKeyTemplate)))
                .Distinct()
                .ToList();
            if (routes.Count == 1) templates.Add(new DeliveryTemplateModel(message, routes[0].Exchange, routes[0].Template));
        }

        return templates.ToEquatableArray();
    }

    private static void CheckNames(ExchangeModel[] exchanges, QueueModel[] queues, List<DiagnosticInfo> diagnostics)
    {
        foreach (ExchangeModel exchange in exchanges)
        {
            if (NameRules.Problem(exchange.Name, allowEmpty: false) is { } problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, exchange.Location, "Exchange", exchange.Name, problem));
            }
        }

        foreach (QueueModel queue in queues)
        {
            if (NameRules.Problem(queue.Name, allowEmpty: true) is { } problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, queue.Location, "Queue", queue.Name, problem));
            }
        }
    }

    private static void CheckConflicts(ExchangeModel[] exchanges, QueueModel[] queues, List<DiagnosticInfo> diagnostics)
    {
        foreach (IGrouping<string, ExchangeModel> group in exchanges.GroupBy(e => e.Name))
        {
            ExchangeModel first = group.First();
            foreach (ExchangeModel other in group.Skip(1))
            {
                string? difference = ExchangeDifference(first, other);
                if (difference is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.ConflictingExchange, other.Location, other.Name, first.Contract.DisplayName, other.Contract.DisplayName, difference));
                }
            }
        }

        foreach (IGrouping<string, QueueModel> group in queues.Where(q => q.Name.Length > 0).GroupBy(q => q.Name))
        {
            QueueModel first = group.First();
            foreach (QueueModel other in group.Skip(1))
            {
                string? difference = QueueDifference(first, other);
                if (difference is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.ConflictingQueue, other.Location, other.Name, first.Contract.DisplayName, other.Contract.DisplayName, difference));
                }
            }
        }
    }

    private static string? ExchangeDifference(ExchangeModel a, ExchangeModel b)
    {
        var differences = new List<string>();
        if (a.Type != b.Type) differences.Add($"type {a.Type} vs {b.Type}");
        if (a.Durable != b.Durable) differences.Add($"durable {a.Durable} vs {b.Durable}");
        if (a.AutoDelete != b.AutoDelete) differences.Add($"auto-delete {a.AutoDelete} vs {b.AutoDelete}");
        if (a.Internal != b.Internal) differences.Add($"internal {a.Internal} vs {b.Internal}");
        if (!SameArguments(a.Arguments, b.Arguments)) differences.Add("arguments differ");
        return differences.Count == 0 ? null : string.Join(", ", differences);
    }

    private static string? QueueDifference(QueueModel a, QueueModel b)
    {
        var differences = new List<string>();
        if (a.Kind != b.Kind) differences.Add($"type {a.Kind} vs {b.Kind}");
        if (a.Durable != b.Durable) differences.Add($"durable {a.Durable} vs {b.Durable}");
        if (a.Exclusive != b.Exclusive) differences.Add($"exclusive {a.Exclusive} vs {b.Exclusive}");
        if (a.AutoDelete != b.AutoDelete) differences.Add($"auto-delete {a.AutoDelete} vs {b.AutoDelete}");
        if (!SameArguments(QueueArguments.Of(a), QueueArguments.Of(b))) differences.Add("arguments differ");
        return differences.Count == 0 ? null : string.Join(", ", differences);
    }

    /// <summary>Whether two declarations send the same arguments, whatever order or attribute they were written in.</summary>
    private static bool SameArguments(IEnumerable<ArgumentModel> a, IEnumerable<ArgumentModel> b) =>
        a.Select(x => (x.Name, x.ValueLiteral)).OrderBy(x => x.Name, System.StringComparer.Ordinal)
            .SequenceEqual(b.Select(x => (x.Name, x.ValueLiteral)).OrderBy(x => x.Name, System.StringComparer.Ordinal));

    private static Dictionary<string, string> ExchangeKinds(ExchangeModel[] exchanges, ExternalExchangeModel[] externals)
    {
        var kinds = new Dictionary<string, string>(System.StringComparer.Ordinal)
        {
            [""] = "direct",
            ["amq.direct"] = "direct",
            ["amq.fanout"] = "fanout",
            ["amq.topic"] = "topic",
            ["amq.headers"] = "headers",
            ["amq.match"] = "headers",
            ["amq.rabbitmq.trace"] = "topic",
        };
        foreach (ExternalExchangeModel external in externals) kinds[external.Name] = external.Kind;
        foreach (ExchangeModel exchange in exchanges) kinds[exchange.Name] = exchange.Kind;
        return kinds;
    }

    private static void CheckBinding(BindingModel binding, string owner, Dictionary<string, string> kinds, bool complete, List<DiagnosticInfo> diagnostics)
    {
        if (binding.ExchangeName.Length == 0) return; // TAMQP045: the default exchange takes no bindings at all
        if (!kinds.TryGetValue(binding.ExchangeName, out string? kind))
        {
            if (binding.BoundByType && binding.ExchangeKind is not null) kind = binding.ExchangeKind;
            else
            {
                // With a contract that could not be read, the exchange may be the one it declares.
                if (complete) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndeclaredExchange, binding.Location, owner, binding.ExchangeName));
                return;
            }
        }

        void Misfit(string problem) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BindingKeyDoesNotFitExchange, binding.Location, owner, kind!, binding.ExchangeName, problem));

        if (binding.Headers.Count > 0 && kind is not ("headers" or "custom")) Misfit("header matches only apply to headers exchanges");
        if (binding.Match.StartsWith("unknown", System.StringComparison.Ordinal)) Misfit($"HeaderMatch ({binding.Match.Substring("unknown ".Length)}) is not a defined value");
        switch (kind)
        {
            case "direct" when binding.RoutingKey.IndexOf('*') >= 0 || binding.RoutingKey.IndexOf('#') >= 0:
                Misfit($"'{binding.RoutingKey}' uses '*' or '#', but direct exchanges compare keys exactly; use a topic exchange for patterns");
                break;
            case "fanout" when binding.RoutingKey.Length > 0:
                Misfit($"fanout exchanges ignore routing keys, so '{binding.RoutingKey}' has no effect; leave it empty");
                break;
            case "headers" when binding.Headers.Count == 0:
                Misfit("a headers-exchange binding needs Headers = new[] { \"name=value\" } to match on");
                break;
            case "headers":
                foreach (string header in binding.Headers)
                {
                    if (header.IndexOf('=') <= 0) Misfit($"header match '{header}' is not of the form name=value");
                    else if (header.StartsWith("x-match=", System.StringComparison.OrdinalIgnoreCase))
                    {
                        string value = header.Substring("x-match=".Length);
                        string advice = value switch
                        {
                            "all" => "set HeaderMatch = HeaderMatch.All instead",
                            "any" => "set HeaderMatch = HeaderMatch.Any instead",
                            "all-with-x" => "set HeaderMatch = HeaderMatch.AllWithX instead",
                            "any-with-x" => "set HeaderMatch = HeaderMatch.AnyWithX instead",
                            _ => $"'{value}' is not an x-match value RabbitMQ accepts (all, any, all-with-x, any-with-x); use HeaderMatch",
                        };
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidHeaderMatch, binding.Location, owner, header, advice));
                    }
                }

                break;
            case "topic":
                if (NameRules.TopicKeyProblem(binding.RoutingKey, isBinding: true) is { } problem)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedTopicKey, binding.Location, binding.RoutingKey, binding.ExchangeName, problem));
                }

                return;
        }

        ReportIfTooLong(binding.RoutingKey, $"the binding of {owner} to '{binding.ExchangeName}'", binding.Location, diagnostics);
    }

    private static void ReportIfTooLong(string key, string owner, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        int bytes = System.Text.Encoding.UTF8.GetByteCount(key);
        if (bytes > 255) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RoutingKeyTooLong, location, key.Substring(0, 40), owner, bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static void CheckPublishedKeys(ExchangeModel exchange, List<(BindingModel Binding, string Owner, bool ToExchange)> bindings, bool complete, List<DiagnosticInfo> diagnostics)
    {
        BindingModel[] fromHere = bindings.Where(b => b.Binding.ExchangeName == exchange.Name).Select(b => b.Binding).ToArray();
        foreach (PublisherMethodModel method in exchange.Methods)
        {
            string owner = $"{exchange.Contract.DisplayName}.{method.Name}";
            string sample = string.Concat(method.RoutingKey.Select(s => s.IsPlaceholder ? "x" : s.Text));
            if (exchange.Kind == "topic" && NameRules.TopicKeyProblem(sample, isBinding: false) is { } problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedTopicKey, method.RoutingKeyLocation, method.RoutingKeyTemplate, exchange.Name, problem));
                continue;
            }

            if (exchange.Kind != "topic") ReportIfTooLong(sample, owner, method.RoutingKeyLocation, diagnostics);
            if (exchange.Kind is "fanout" or "headers" && method.RoutingKeyTemplate.Length > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RoutingKeyIgnored, method.RoutingKeyLocation, owner, method.RoutingKeyTemplate, exchange.Kind, exchange.Name));
            }

            if (exchange.Kind == "topic")
            {
                foreach (RoutingKeySegment placeholder in method.RoutingKey.Where(s => s.IsPlaceholder && s.MayContainDot))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PlaceholderMayContainDot, method.RoutingKeyLocation, placeholder.Text, owner, placeholder.MemberType));
                }
            }

            bool routed = exchange.Kind switch
            {
                "topic" => fromHere.Any(b => TopicMatcher.TopicCanMatch(b.RoutingKey, method.RoutingKey)),
                "direct" => fromHere.Any(b => TopicMatcher.DirectCanMatch(b.RoutingKey, method.RoutingKey)),
                // Headers and plugin exchanges route on things the compiler cannot see, but not without any binding.
                _ => fromHere.Length > 0,
            };
            if (!routed && complete)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnroutedRoutingKey, method.Location, owner, exchange.Name, method.RoutingKeyTemplate));
            }
        }
    }

    private static JsonContextModel? ResolveContext(ContractInfo contract, ImmutableArray<JsonContextModel?> contexts, JsonContextModel? assemblyContext) =>
        contract.JsonContextFullName is null
            ? assemblyContext
            : contexts.FirstOrDefault(c => c is not null && c.Scope == contract.InterfaceFullName) ?? assemblyContext;

    private static bool CheckContext(
        ContractInfo contract, LocationInfo? location, JsonContextModel? context, IEnumerable<MessageTypeModel> messages, List<DiagnosticInfo> diagnostics)
    {
        if (context is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingJsonContext, location, contract.DisplayName));
            return false;
        }

        if (context.Problem is { } problem)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidJsonContext, context.Location, context.ContextFullName.Replace("global::", string.Empty), problem));
            return false;
        }

        bool complete = true;
        foreach (MessageTypeModel message in messages.GroupBy(m => m.FullName).Select(g => g.First()))
        {
            if (!context.SerializableTypes.Contains(message.FullName))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MessageTypeNotInJsonContext, location, message.DisplayName, contract.DisplayName, context.ContextFullName)
                    .With("MessageType", message.FullName)
                    .With("JsonContext", context.ContextFullName));
                complete = false;
            }
        }

        return complete;
    }
}
