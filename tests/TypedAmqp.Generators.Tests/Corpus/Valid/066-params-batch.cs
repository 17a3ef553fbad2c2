// A batch publisher method taking 'params' arrays.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Params.PJson))]

namespace Params;

public sealed record Line(string Text);

[Exchange("lines", ExchangeKind.Fanout)]
public interface ILines
{
    ValueTask Write(params Line[] lines);
}

[Queue("lines.q")]
[Binding(typeof(ILines))]
[Consumer]
public interface ILineHandler { ValueTask Handle(Line line); }

[JsonSerializable(typeof(Line))]
public sealed partial class PJson : JsonSerializerContext { }
