// Exchange flags (Durable = false, AutoDelete) and [Argument] values of every literal type on exchanges and queues.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Args.AJson))]

namespace Args;

public sealed record Temp(string Key);

[Exchange("temp", ExchangeKind.Topic, Durable = false, AutoDelete = true)]
[Argument("x-string", "s")]
[Argument("x-int", 42)]
[Argument("x-long", 42L)]
[Argument("x-bool", true)]
[Argument("x-double", 1.5)]
public interface ITemp
{
    [RoutingKey("t.{Key}")] ValueTask Publish(Temp message);
}

[Queue("temp.q")]
[Argument("x-queue-version", 2)]
[Argument("x-queue-leader-locator", "balanced")]
[Argument("x-quote", "a \"quoted\" \\ value")]
[Binding(typeof(ITemp), "t.*")]
public interface ITempQueue { }

[JsonSerializable(typeof(Temp))]
public sealed partial class AJson : JsonSerializerContext { }
