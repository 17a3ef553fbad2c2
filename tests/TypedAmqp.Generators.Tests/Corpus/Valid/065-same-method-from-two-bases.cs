// A publisher and a consumer inheriting identically-declared methods from two unrelated base interfaces.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(TwoBases.TJson))]

namespace TwoBases;

public sealed record A(string X);
public sealed record B(string X);

public interface ILeft { ValueTask Publish(A message); }
public interface IRight { ValueTask Publish(A message); ValueTask Publish(B message); }

[Exchange("twobases", ExchangeKind.Fanout)]
public interface IBoth : ILeft, IRight { }

[Queue("twobases.q")]
[Binding(typeof(IBoth))]
public interface IQ { }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
public sealed partial class TJson : JsonSerializerContext { }
