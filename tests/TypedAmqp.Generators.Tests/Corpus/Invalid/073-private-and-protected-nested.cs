// TAMQP021: contracts nested as private, protected and private protected.
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

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IOkQueue { }

public class Outer
{
    [Exchange("private", ExchangeKind.Fanout)]
    private interface /*!TAMQP021*/IPrivate { ValueTask Publish(A m); }

    [Exchange("protected", ExchangeKind.Fanout)]
    protected interface /*!TAMQP021*/IProtected { ValueTask Publish(A m); }

    [Exchange("private-protected", ExchangeKind.Fanout)]
    private protected interface /*!TAMQP021*/IPrivateProtected { ValueTask Publish(A m); }
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
