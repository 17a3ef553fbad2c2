// TAMQP007: a named queue and a consumer queue with no [Binding].
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Order(string Id);

/*!TAMQP007*/[Queue("lonely")]
public interface ILonely { }

/*!TAMQP007*/[Queue("lonely.consumer", QueueKind.Quorum, DeliveryLimit = 2)]
[Consumer]
public interface ILonelyConsumer { ValueTask Handle(Order m); }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
