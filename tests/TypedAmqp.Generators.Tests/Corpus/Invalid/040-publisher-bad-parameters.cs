// TAMQP010: no message parameter, an extra parameter, a token that is not last, two PublishOptions.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Job(string Name);

[Exchange("jobs", ExchangeKind.Fanout)]
public interface IJobs
{
    ValueTask /*!TAMQP010*/Nothing();
    ValueTask /*!TAMQP010*/Extra(Job m, string tenant);
    ValueTask /*!TAMQP010*/TokenFirst(Job m, CancellationToken ct, PublishOptions options);
    ValueTask /*!TAMQP010*/TwoOptions(Job m, PublishOptions a, PublishOptions b);
    ValueTask Ok(Job m);
}

[Queue("jobs.q")]
[Binding(typeof(IJobs))]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
