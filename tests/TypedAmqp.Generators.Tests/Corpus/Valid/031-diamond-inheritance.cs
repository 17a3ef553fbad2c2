// Diamond inheritance: a publisher and a consumer reaching the same base interface through two paths.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Diamond.DiamondJson))]

namespace Diamond;

public sealed record Heartbeat(string Node);
public sealed record Alarm(string Node);

public interface IBase
{
    ValueTask Heartbeat(Heartbeat message);
}

public interface ILeft : IBase { }
public interface IRight : IBase
{
    ValueTask Alarm(Alarm message);
}

[Exchange("health", ExchangeKind.Fanout)]
public interface IHealth : ILeft, IRight { }

public interface IBaseHandler
{
    ValueTask OnHeartbeat(Heartbeat message);
}

public interface ILeftHandler : IBaseHandler { }
public interface IRightHandler : IBaseHandler
{
    ValueTask OnAlarm(Alarm message);
}

[Queue("health.monitor")]
[Binding(typeof(IHealth))]
[Consumer]
public interface IMonitor : ILeftHandler, IRightHandler { }

[JsonSerializable(typeof(Heartbeat))]
[JsonSerializable(typeof(Alarm))]
public sealed partial class DiamondJson : JsonSerializerContext { }
