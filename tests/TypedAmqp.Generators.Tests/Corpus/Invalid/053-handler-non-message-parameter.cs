// TAMQP011: handlers whose message parameter is a string, a List<T> and a generic type.
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
public sealed record Box<T>(T Value);

[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
[Consumer]
public interface IHandler
{
    ValueTask /*!TAMQP011*/Text(string m);
    ValueTask /*!TAMQP011*/Many(List<A> m);
    ValueTask /*!TAMQP011*/Boxed(Box<A> m);
    ValueTask /*!TAMQP011*/None();
    ValueTask Handle(A m);
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
