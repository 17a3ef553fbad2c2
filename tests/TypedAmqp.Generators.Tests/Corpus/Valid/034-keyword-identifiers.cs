// Keyword identifiers: an @class member used as {class}, @event parameters, @params and @object method names.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Keywords.KJson))]

namespace Keywords;

public sealed class Classified
{
    public string @class { get; set; } = "";
    public int @int;
}

[Exchange("keywords", ExchangeKind.Topic)]
public interface IKeywords
{
    [RoutingKey("c.{class}.{int}")]
    ValueTask @params(Classified @event, CancellationToken @default = default);

    [RoutingKey("c.{class}")]
    ValueTask @object(IReadOnlyList<Classified> @event, PublishOptions? @this = null);
}

[Queue("keywords.q")]
[Binding(typeof(IKeywords), "c.#")]
[Consumer]
public interface IKeywordHandler
{
    ValueTask @params(Classified @event, MessageContext @base, CancellationToken @default);
}

[JsonSerializable(typeof(Classified))]
public sealed partial class KJson : JsonSerializerContext { }
