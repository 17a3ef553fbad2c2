// TAMQP023: consumer contracts IBilling and Billing both generate BillingDispatcher.
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

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask Publish(A m); }

/*!TAMQP023*/[Queue("billing.b")]
[Binding(typeof(IOk))]
[Consumer]
public interface IBilling { ValueTask Handle(A m); }

[Queue("billing.a")]
[Binding(typeof(IOk))]
[Consumer]
public interface Billing { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
