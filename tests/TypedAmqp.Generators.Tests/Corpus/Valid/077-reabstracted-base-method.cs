// A publisher contract re-abstracting a base interface's default-implemented method (it must be generated).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Reabstract.RJson))]

namespace Reabstract;

public sealed record A(string X);

public interface IBase
{
    ValueTask Publish(A message) => ValueTask.CompletedTask;
}

[Exchange("reabstract", ExchangeKind.Fanout)]
public interface IReabstracted : IBase
{
    abstract ValueTask IBase.Publish(A message);
}

[Queue("reabstract.q")]
[Binding(typeof(IReabstracted))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class RJson : JsonSerializerContext { }
