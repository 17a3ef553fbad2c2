// TAMQP010: publisher methods on topic, direct and custom exchanges without [RoutingKey].
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Job(string Name);

[Exchange("jobs.topic", ExchangeKind.Topic)]
public interface ITopic { ValueTask /*!TAMQP010*/Publish(Job m); }

[Exchange("jobs.direct", ExchangeKind.Direct)]
public interface IDirect { ValueTask /*!TAMQP010*/Publish(Job m); }

[Exchange("jobs.delayed", ExchangeKind.Custom, CustomType = "x-delayed-message")]
public interface IDelayed { ValueTask /*!TAMQP010*/Publish(Job m); }

[Queue("jobs.q")]
[Binding(typeof(ITopic), "#")]
[Binding(typeof(IDirect), "x")]
[Binding(typeof(IDelayed), "x")]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
