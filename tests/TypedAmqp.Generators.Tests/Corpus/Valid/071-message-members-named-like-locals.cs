// Message members named message, routingKey, options, confirms used as placeholders.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Shadow.SJson))]

namespace Shadow;

public sealed class Envelope
{
    public string message { get; set; } = "";
    public string routingKey { get; set; } = "";
    public int options { get; set; }
    public Guid confirms { get; set; }
    public string cancellationToken = "";
}

[Exchange("shadow", ExchangeKind.Topic)]
public interface IShadow
{
    [RoutingKey("{message}.{routingKey}.{options}.{confirms}.{cancellationToken}")]
    ValueTask Publish(Envelope message, PublishOptions? options = null, CancellationToken cancellationToken = default);

    [RoutingKey("{message}.{routingKey}.{options}.{confirms}.{cancellationToken}")]
    ValueTask PublishMany(IEnumerable<Envelope> messages, PublishOptions? options = null, CancellationToken cancellationToken = default);
}

[Queue("shadow.q")]
[Binding(typeof(IShadow), "#")]
public interface IShadowQueue { }

[JsonSerializable(typeof(Envelope))]
public sealed partial class SJson : JsonSerializerContext { }
