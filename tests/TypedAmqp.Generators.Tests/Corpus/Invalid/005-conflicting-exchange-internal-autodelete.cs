// TAMQP001: the same exchange declared internal/auto-delete by one contract only.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Ping(string Name);

[Exchange("src", ExchangeKind.Fanout)]
public interface ISource { ValueTask P(Ping m); }

[Exchange("inner", ExchangeKind.Fanout)]
[ExchangeBinding(typeof(ISource))]
public interface IInnerA { }

/*!TAMQP001*/[Exchange("inner", ExchangeKind.Fanout, Internal = true, AutoDelete = true)]
public interface IInnerB { }

[Queue("inner.q")]
[Binding(typeof(IInnerA))]
public interface IQ { }

[JsonSerializable(typeof(Ping))]
public sealed partial class Json : JsonSerializerContext { }
