// TAMQP005: a topic routing key and a binding key holding a lone UTF-16 surrogate.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record A(string X);

[Exchange("keys", ExchangeKind.Topic)]
public interface IKeys
{
    /*!TAMQP049*/[RoutingKey("a.\uD800")] ValueTask Publish(A m);
    [RoutingKey("a.ok")] ValueTask Ok(A m);
}

[Queue("keys.q")]
[Binding(typeof(IKeys), "a.*")]
/*!TAMQP049*/[Binding(typeof(IKeys), "b.\uDC00")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
