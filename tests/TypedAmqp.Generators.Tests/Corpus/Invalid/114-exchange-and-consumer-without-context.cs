// TAMQP014 twice: one interface that is publisher and consumer, with no JsonContext anywhere.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

namespace C;

public sealed record A(string X);

/*!TAMQP014*/[Exchange("loop", ExchangeKind.Fanout)]
[Queue("loop.q")]
[Binding(typeof(ILoop))]
/*!TAMQP014*/[Consumer]
public interface ILoop { ValueTask Handle(A m); }
