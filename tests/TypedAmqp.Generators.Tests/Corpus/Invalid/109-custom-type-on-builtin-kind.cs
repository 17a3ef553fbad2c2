// TAMQP019: CustomType set on a topic exchange, where it is ignored.
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

/*!TAMQP019*/[Exchange("delayed", ExchangeKind.Topic, CustomType = "x-delayed-message")]
public interface IDelayed { [RoutingKey("a")] ValueTask Publish(A m); }

[Queue("delayed.q")]
[Binding(typeof(IDelayed), "a")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
