// TAMQP014: contracts without any JsonContext, assembly-wide or on the contract.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

namespace C;

public sealed record A(string X);

/*!TAMQP014*/[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
/*!TAMQP014*/[Consumer]
public interface IHandler { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
