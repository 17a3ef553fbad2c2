// A non-generic message record deriving from a generic base record, placeholder from the base.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(GenBase.GJson))]

namespace GenBase;

public abstract record Keyed<TKey>(TKey Key);
public sealed record Customer(int Key, string Name) : Keyed<int>(Key);

[Exchange("customers", ExchangeKind.Topic)]
public interface ICustomers { [RoutingKey("customer.{Key}")] ValueTask Upsert(Customer message); }

[Queue("customers.q")]
[Binding(typeof(ICustomers), "customer.*")]
[Consumer]
public interface ICustomerHandler { ValueTask Handle(Customer message); }

[JsonSerializable(typeof(Customer))]
public sealed partial class GJson : JsonSerializerContext { }
