// TAMQP014: [assembly: JsonContext] naming a type that is not a JsonSerializerContext.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: /*!TAMQP048*/JsonContext(typeof(C.NotAContext))]

namespace C;

public sealed record A(string X);

public sealed class NotAContext { }

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask Publish(A m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IQ { }
