// Every handler signature: message only, with context, with token, with both; Task and ValueTask.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Sig.SigJson))]

namespace Sig;

public sealed record M1(int N);
public sealed record M2(int N);
public sealed record M3(int N);
public sealed record M4(int N);
public sealed record M5(int N);

[Exchange("sig", ExchangeKind.Fanout)]
public interface ISig
{
    ValueTask P1(M1 m);
    ValueTask P2(M2 m);
    ValueTask P3(M3 m);
    ValueTask P4(M4 m);
    ValueTask P5(M5 m);
}

[Queue("sig.q")]
[Binding(typeof(ISig))]
[Consumer]
public interface ISigHandler
{
    ValueTask H1(M1 message);
    ValueTask H2(M2 message, MessageContext context);
    ValueTask H3(M3 message, CancellationToken cancellationToken);
    Task H4(M4 message, MessageContext context, CancellationToken cancellationToken);
    Task H5(M5 message, CancellationToken ct = default);
}

[JsonSerializable(typeof(M1))]
[JsonSerializable(typeof(M2))]
[JsonSerializable(typeof(M3))]
[JsonSerializable(typeof(M4))]
[JsonSerializable(typeof(M5))]
public sealed partial class SigJson : JsonSerializerContext { }
