// TAMQP010: batch parameters of unsupported collection types (ImmutableArray, HashSet, IAsyncEnumerable).
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
public interface IOk
{
    ValueTask /*!TAMQP010*/Immutable(System.Collections.Immutable.ImmutableArray<A> m);
    ValueTask /*!TAMQP010*/Set(HashSet<A> m);
    ValueTask /*!TAMQP010*/Stream(IAsyncEnumerable<A> m);
    ValueTask /*!TAMQP010*/Jagged(A[][] m);
    ValueTask Publish(A m);
}

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
