// TAMQP011/TAMQP010: a handler and a publisher method whose 'message' is a MessageContext or PublishOptions.
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
    ValueTask /*!TAMQP010*/Options(PublishOptions options);
    ValueTask Publish(A m);
}

[Queue("ok.q")]
[Binding(typeof(IOk))]
[Consumer]
public interface IHandler
{
    ValueTask /*!TAMQP011*/Context(MessageContext context);
    ValueTask Handle(A m);
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
