// Direct-exchange placeholders of every self-formatting type: dates, times, TimeSpan, decimal, double, Int128, Half, char-free.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Fmt.FJson))]

namespace Fmt;

public sealed record Stamp(DateTime At, DateTimeOffset AtOffset, TimeSpan Took, DateOnly Day, TimeOnly Time,
    decimal Amount, double Ratio, float Scale, Int128 Big, UInt128 Bigger, Half Small, nint Native, ulong Count);

[Exchange("fmt", ExchangeKind.Direct)]
public interface IFmt
{
    [RoutingKey("{At}|{AtOffset}|{Took}|{Day}|{Time}|{Amount}|{Ratio}|{Scale}|{Big}|{Bigger}|{Small}|{Native}|{Count}")]
    ValueTask Stamp(Stamp message);
}

[Queue("fmt.q")]
[Binding(typeof(IFmt), "x|x|x|x|x|x|x|x|x|x|x|x|x")]
public interface IFmtQueue { }

[JsonSerializable(typeof(Stamp))]
public sealed partial class FJson : JsonSerializerContext { }
