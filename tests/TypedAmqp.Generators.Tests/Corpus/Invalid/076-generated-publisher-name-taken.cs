// TAMQP022: a user class already named OrderEventsPublisher.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record A(string X);

public sealed class OrderEventsPublisher { }

[Exchange("orders", ExchangeKind.Fanout)]
public interface /*!TAMQP022*/IOrderEvents { ValueTask Publish(A m); }

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask Publish(A m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IOkQueue { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
