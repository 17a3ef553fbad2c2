// TAMQP019: publisher methods on an Internal exchange, which the broker refuses direct publishes to.
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

[Exchange("inner", ExchangeKind.Fanout, Internal = true)]
[ExchangeBinding(typeof(ISrc))]
public interface IInner { ValueTask /*!TAMQP033*/Publish(A m); }

[Queue("inner.q")]
[Binding(typeof(IInner))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
