// TAMQP018: Concurrency 0, Prefetch above 65535, negative Prefetch, negative Retries.
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

[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); }

[Queue("ab.one")]
[Binding(typeof(IAb))]
/*!TAMQP018*/[Consumer(Concurrency = 0)]
public interface IOne { ValueTask Handle(A m); }

[Queue("ab.two")]
[Binding(typeof(IAb))]
/*!TAMQP018*/[Consumer(Prefetch = 70000)]
public interface ITwo { ValueTask Handle(A m); }

[Queue("ab.three")]
[Binding(typeof(IAb))]
/*!TAMQP018*/[Consumer(Prefetch = -1)]
public interface IThree { ValueTask Handle(A m); }

[Queue("ab.four")]
[Binding(typeof(IAb))]
/*!TAMQP018*/[Consumer(Retries = -1, RetryDelay = -5)]
public interface IFour { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
