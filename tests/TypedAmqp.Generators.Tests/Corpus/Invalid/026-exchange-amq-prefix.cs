// TAMQP008: an exchange name with the reserved amq. prefix.
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

/*!TAMQP008*/[Exchange("amq.mine", ExchangeKind.Fanout)]
public interface IMine { ValueTask Publish(Order m); }

[Queue("mine.q")]
[Binding(typeof(IMine))]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
