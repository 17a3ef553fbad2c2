// TAMQP016: a placeholder written with C#'s verbatim '@' ({@class}); the member's name is 'class'.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed class Classified { public string @class { get; set; } = ""; }

[Exchange("classified", ExchangeKind.Topic)]
public interface IClassified
{
    /*!TAMQP016*/[RoutingKey("c.{@class}")] ValueTask Wrong(Classified m);
    [RoutingKey("c.{class}")] ValueTask Right(Classified m);
}

[Queue("classified.q")]
[Binding(typeof(IClassified), "c.*")]
public interface IQ { }

[JsonSerializable(typeof(Classified))]
public sealed partial class Json : JsonSerializerContext { }
