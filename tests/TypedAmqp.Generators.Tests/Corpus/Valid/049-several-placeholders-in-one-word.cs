// Several placeholders and literals inside one topic word, and adjacent placeholders.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Words.WJson))]

namespace Words;

public sealed record Cell(int Row, int Column, string Sheet);

[Exchange("sheets", ExchangeKind.Topic)]
public interface ISheets
{
    [RoutingKey("cell.{Sheet}.r{Row}c{Column}")] ValueTask Changed(Cell message);
    [RoutingKey("pos.{Row}{Column}")] ValueTask Pos(Cell message);
    [RoutingKey("{Sheet}")] ValueTask Sheet(Cell message);
}

[Queue("sheets.q")]
[Binding(typeof(ISheets), "cell.*.*")]
[Binding(typeof(ISheets), "pos.*")]
[Binding(typeof(ISheets), "*")]
public interface ISheetsQueue { }

[JsonSerializable(typeof(Cell))]
public sealed partial class WJson : JsonSerializerContext { }
