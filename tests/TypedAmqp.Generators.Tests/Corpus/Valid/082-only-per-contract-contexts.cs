// No assembly-wide JsonContext: every contract names its own context.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

namespace PerContract;

public sealed record A(string X);
public sealed record B(string X);

[Exchange("per.a", ExchangeKind.Fanout)]
[JsonContext(typeof(AJson))]
public interface IA { ValueTask Publish(A message); }

[Exchange("per.b", ExchangeKind.Fanout)]
[JsonContext(typeof(BJson))]
public interface IB { ValueTask Publish(B message); }

[Queue("per.q")]
[Binding(typeof(IA))]
[Binding(typeof(IB))]
[Consumer]
[JsonContext(typeof(AllJson))]
public interface IHandler { ValueTask Handle(A message); ValueTask Handle(B message); }

[JsonSerializable(typeof(A))]
internal sealed partial class AJson : JsonSerializerContext { }

[JsonSerializable(typeof(B))]
internal sealed partial class BJson : JsonSerializerContext { }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
internal sealed partial class AllJson : JsonSerializerContext { }
