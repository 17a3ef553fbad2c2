// TAMQP009: free-form [Argument]s that contradict the queue's typed settings (x-queue-type, x-message-ttl, x-max-priority).
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
public interface IOk { ValueTask Publish(A m); }

[Queue("ok.classic")]
/*!TAMQP009*/[Argument("x-queue-type", "stream")]
[Binding(typeof(IOk))]
public interface IClassic { }

[Queue("ok.ttl", MessageTtl = 1000)]
/*!TAMQP028*/[Argument("x-message-ttl", 5000)]
[Binding(typeof(IOk))]
public interface ITtl { }

[Queue("ok.quorum", QueueKind.Quorum, DeliveryLimit = 3)]
[Argument("x-max-priority", 10)]
[Binding(typeof(IOk))]
public interface IQuorum { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
