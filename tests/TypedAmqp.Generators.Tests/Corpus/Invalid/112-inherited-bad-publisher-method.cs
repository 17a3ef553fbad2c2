// TAMQP010 at the base interface: a publisher contract inherits a method returning void.
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

public interface IBase
{
    void /*!TAMQP010*/Fire(A m);
}

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk : IBase { ValueTask Publish(A m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
