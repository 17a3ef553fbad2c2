// TAMQP003: a binding by name to an exchange nothing declares.
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

[Queue("q")]
/*!TAMQP003*/[Binding("legacy.events", "x")]
[Consumer]
public interface IQ { ValueTask Handle(Job m); }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
