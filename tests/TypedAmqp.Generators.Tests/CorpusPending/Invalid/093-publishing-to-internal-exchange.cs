// TAMQP019: publisher methods on an Internal exchange, which the broker refuses direct publishes to.
// DEFECT: no diagnostic; the generated publisher would fail at run time with ACCESS_REFUSED.
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

[Exchange("src", ExchangeKind.Fanout)]
public interface ISrc { ValueTask Publish(A m); }

/*!TAMQP019*/[Exchange("inner", ExchangeKind.Fanout, Internal = true)]
[ExchangeBinding(typeof(ISrc))]
public interface IInner { ValueTask Publish(A m); }

[Queue("inner.q")]
[Binding(typeof(IInner))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
