// TAMQP006: headers and custom exchanges that nothing is bound to (every publish would be returned).
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

[Exchange("news", ExchangeKind.Headers)]
public interface INews { ValueTask /*!TAMQP006*/Publish(A m); }

[Exchange("delayed", ExchangeKind.Custom, CustomType = "x-delayed-message")]
[Argument("x-delayed-type", "direct")]
public interface IDelayed { [RoutingKey("a")] ValueTask /*!TAMQP006*/Publish(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
