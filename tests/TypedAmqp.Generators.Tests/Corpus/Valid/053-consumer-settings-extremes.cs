// Consumer settings at their limits: Prefetch 0 and 65535, high concurrency, zero retry delay.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Extremes.EJson))]

namespace Extremes;

public sealed record Work(int N);

[Exchange("work", ExchangeKind.Fanout)]
public interface IWork { ValueTask Publish(Work message); }

[Queue("work.unlimited")]
[Binding(typeof(IWork))]
[Consumer(Prefetch = 0)]
public interface IUnlimited { ValueTask Handle(Work message); }

[Queue("work.max")]
[Binding(typeof(IWork))]
[Consumer(Prefetch = 65535, Concurrency = 1024, Retries = 100, RetryDelay = 0, MaxDeliveryCount = 0)]
public interface IMax { ValueTask Handle(Work message); }

[JsonSerializable(typeof(Work))]
public sealed partial class EJson : JsonSerializerContext { }
