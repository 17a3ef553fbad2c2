// TAMQP001: one external exchange stated twice with different kinds.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]
[assembly: ExternalExchange("legacy", ExchangeKind.Topic)]
[assembly: /*!TAMQP031*/ExternalExchange("legacy", ExchangeKind.Direct)]

namespace C;

public sealed record A(string X);

[Queue("legacy.q")]
[Binding("legacy", "a")]
[Consumer]
public interface IQ { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
