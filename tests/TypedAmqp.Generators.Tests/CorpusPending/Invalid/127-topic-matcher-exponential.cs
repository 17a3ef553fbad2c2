// TAMQP006, promptly: a binding of 24 '#' words against a key of 24 placeholder words that cannot match it.
// DEFECT: the topic matcher backtracks without memoization, exponential in the words: 10 words take 0.07 s, 13 take 1 s, 16 take 16 s; this file would hang the compiler (and the IDE) for hours.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Hash.HJson))]

namespace Hash;

public sealed record M(string A);

[Exchange("hash", ExchangeKind.Topic)]
public interface IHash
{
    [RoutingKey("{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.{A}.y")] ValueTask /*!TAMQP006*/Publish(M m);
}

[Queue("hash.q")]
[Binding(typeof(IHash), "#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.z")]
public interface IQ { }

[JsonSerializable(typeof(M))]
public sealed partial class HJson : JsonSerializerContext { }
