// One interface that requests and answers (publisher and request handler), with methods named like generated members.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Echo.EJson))]

namespace Echo;

public sealed record Ping(string Text);
public sealed record Pong(string Text);

[Exchange("echo", ExchangeKind.Direct)]
[Queue("echo.q")]
[Binding(typeof(IEcho), "ping")]
[Consumer(Concurrency = 2)]
public interface IEcho
{
    [RoutingKey("ping")] [ReplyTimeout(3000)]
    ValueTask<Pong> EchoPublisher(Ping message, CancellationToken ct);
}

[Exchange("names", ExchangeKind.Fanout)]
public interface INames
{
    ValueTask ExchangeName(Ping message);
    ValueTask _publisher(Ping message);
    ValueTask s_exchange(Ping message);
    ValueTask NamesPublisher(Ping message);
    ValueTask HandleAsync(Ping message);
    ValueTask DispatchAsync(Ping message);
}

[Queue("names.q")]
[Binding(typeof(INames))]
[Consumer]
public interface INamesHandler
{
    ValueTask DispatchAsync(Ping message, MessageContext context);
    ValueTask HandleAsync(Pong message);
}

[JsonSerializable(typeof(Ping))]
[JsonSerializable(typeof(Pong))]
public sealed partial class EJson : JsonSerializerContext { }
