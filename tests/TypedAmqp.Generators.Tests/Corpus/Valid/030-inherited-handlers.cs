// A consumer contract whose handlers come from base interfaces, one of them generic.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(InheritH.HJson))]

namespace InheritH;

public sealed record Paid(decimal Amount);
public sealed record Refunded(decimal Amount);

public interface IHandles<T>
{
    ValueTask Handle(T message, CancellationToken ct);
}

public interface IPaidHandler
{
    ValueTask OnPaid(Paid message);
}

[Exchange("payments", ExchangeKind.Fanout)]
public interface IPayments
{
    ValueTask Paid(Paid message);
    ValueTask Refunded(Refunded message);
}

[Queue("payments.ledger")]
[Binding(typeof(IPayments))]
[Consumer]
public interface ILedgerHandler : IPaidHandler, IHandles<Refunded> { }

[JsonSerializable(typeof(Paid))]
[JsonSerializable(typeof(Refunded))]
public sealed partial class HJson : JsonSerializerContext { }
