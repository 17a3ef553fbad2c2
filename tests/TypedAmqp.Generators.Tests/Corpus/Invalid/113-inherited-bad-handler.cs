// TAMQP011 at the base interface: a consumer contract inherits a handler with an unsupported parameter.
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
public sealed record B(string X);

public interface IBaseHandler
{
    ValueTask /*!TAMQP011*/OnB(B m, int attempt);
}

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask PA(A m); ValueTask PB(B m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
[Consumer]
public interface IHandler : IBaseHandler { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
public sealed partial class Json : JsonSerializerContext { }
