// TAMQP022: a user struct already named BillingDispatcher.
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

public struct BillingDispatcher { }

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask Publish(A m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IOkQueue { }

[Queue("billing.q")]
[Binding(typeof(IOk))]
[Consumer]
public interface /*!TAMQP022*/IBilling { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
