// Default parameter values on options and tokens, including 'default' and 'null' spelled differently.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Defaults.DJson))]

namespace Defaults;

public sealed record Ping(string Host);

[Exchange("defaults", ExchangeKind.Direct)]
public interface IDefaults
{
    [RoutingKey("ping")] ValueTask A(Ping message, CancellationToken ct = default(CancellationToken));
    [RoutingKey("ping")] ValueTask B(Ping message, PublishOptions? options = default, CancellationToken ct = new CancellationToken());
    [RoutingKey("ping")] ValueTask C(Ping message, PublishOptions? options = null);
    [RoutingKey("ping")] ValueTask<Ping> D(Ping message, CancellationToken ct = default);
}

[Queue("defaults.q")]
[Binding(typeof(IDefaults), "ping")]
[Consumer]
public interface IDefaultsHandler
{
    ValueTask<Ping> Handle(Ping message, CancellationToken ct = default);
}

[JsonSerializable(typeof(Ping))]
public sealed partial class DJson : JsonSerializerContext { }
