// TAMQP004: headers bindings with an empty Headers array, an empty entry and a null entry.
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

[Exchange("news", ExchangeKind.Headers)]
public interface INews { ValueTask Publish(A m); }

[Queue("news.a")]
/*!TAMQP004*/[Binding(typeof(INews), Headers = new string[0])]
public interface IA { }

[Queue("news.b")]
/*!TAMQP004*/[Binding(typeof(INews), Headers = new[] { "" })]
public interface IB { }

[Queue("news.c")]
/*!TAMQP004*/[Binding(typeof(INews), Headers = new[] { "ok=1", null! })]
public interface IC { }

[Queue("news.d")]
[Binding(typeof(INews), Headers = new[] { "empty=" })]
public interface ID { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
