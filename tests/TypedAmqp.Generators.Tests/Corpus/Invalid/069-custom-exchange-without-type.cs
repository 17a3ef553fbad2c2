// TAMQP019: ExchangeKind.Custom without CustomType, and with an empty CustomType.
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

/*!TAMQP019*/[Exchange("delayed", ExchangeKind.Custom)]
public interface IDelayed { [RoutingKey("a")] ValueTask PA(A m); }

/*!TAMQP019*/[Exchange("delayed2", ExchangeKind.Custom, CustomType = "")]
public interface IDelayed2 { [RoutingKey("a")] ValueTask PA(A m); }

[Queue("delayed.q")]
[Binding(typeof(IDelayed), "a")]
[Binding(typeof(IDelayed2), "a")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
