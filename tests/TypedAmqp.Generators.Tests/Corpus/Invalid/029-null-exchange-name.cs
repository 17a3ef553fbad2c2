// TAMQP008: [Exchange(null)] names no exchange.
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

/*!TAMQP008*/[Exchange(null!, ExchangeKind.Fanout)]
public interface INull { ValueTask Publish(Order m); }

[Queue("null.q")]
[Binding(typeof(INull))]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
