// Contract interfaces named without the I prefix (and one named just 'I', one 'Io').
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(NoPrefix.NJson))]

namespace NoPrefix;

public sealed record Measure(int Value);

[Exchange("measures", ExchangeKind.Fanout)]
public interface MeasureEvents { ValueTask Publish(Measure message); }

[Exchange("io", ExchangeKind.Fanout)]
public interface Io { ValueTask Publish(Measure message); }

[Queue("measures.q")]
[Binding(typeof(MeasureEvents))]
[Consumer]
public interface MeasureHandler { ValueTask Handle(Measure message); }

[Queue("io.q")]
[Binding(typeof(Io))]
[Consumer]
public interface I { ValueTask Handle(Measure message); }

[JsonSerializable(typeof(Measure))]
public sealed partial class NJson : JsonSerializerContext { }
