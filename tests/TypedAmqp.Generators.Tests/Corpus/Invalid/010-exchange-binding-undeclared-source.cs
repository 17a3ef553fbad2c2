// TAMQP003: an exchange-to-exchange binding by name to an undeclared source.
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

[Exchange("dest", ExchangeKind.Fanout)]
/*!TAMQP003*/[ExchangeBinding("nowhere")]
public interface IDest { ValueTask P(Job m); }

[Queue("dest.q")]
[Binding(typeof(IDest))]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
