// TAMQP006, promptly: a binding of 24 '#' words against a key of 24 placeholder words that cannot match it.
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
