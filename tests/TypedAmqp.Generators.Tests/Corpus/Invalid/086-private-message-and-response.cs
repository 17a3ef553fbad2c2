// TAMQP010: requests whose response type is not a message type (string, int, a list, an interface).
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

public interface IAnswer { }

[Exchange("ok", ExchangeKind.Direct)]
public interface IOk
{
    [RoutingKey("a")] ValueTask<string> /*!TAMQP010*/AskText(A m);
    [RoutingKey("a")] Task<int> /*!TAMQP010*/AskNumber(A m);
    [RoutingKey("a")] ValueTask<List<A>> /*!TAMQP010*/AskList(A m);
    [RoutingKey("a")] ValueTask<IAnswer> /*!TAMQP010*/AskInterface(A m);
    [RoutingKey("a")] ValueTask Publish(A m);
}

[Queue("ok.q")]
[Binding(typeof(IOk), "a")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
