// TAMQP047: an [ExchangeBinding] by type to an interface without [Exchange].
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

public interface INotAnExchange { }

[Exchange("dest", ExchangeKind.Fanout)]
/*!TAMQP047*/[ExchangeBinding(typeof(INotAnExchange))]
public interface IDest { ValueTask Publish(A m); }

[Queue("dest.q")]
[Binding(typeof(IDest))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
