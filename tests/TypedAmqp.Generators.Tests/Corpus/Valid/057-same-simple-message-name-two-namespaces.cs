// Two message types with the same simple name in different namespaces (default wire names differ).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Dup.DupJson))]

namespace Dup.Sales { public sealed record Created(int Id); }
namespace Dup.Support { public sealed record Created(int Id); }

namespace Dup
{
    [Exchange("dup", ExchangeKind.Fanout)]
    public interface IDup
    {
        ValueTask Sale(Sales.Created message);
        ValueTask Ticket(Support.Created message);
    }

    [Queue("dup.q")]
    [Binding(typeof(IDup))]
    [Consumer]
    public interface IDupHandler
    {
        ValueTask Handle(Sales.Created message);
        ValueTask Handle(Support.Created message);
    }

    [JsonSerializable(typeof(Sales.Created), TypeInfoPropertyName = "SalesCreated")]
    [JsonSerializable(typeof(Support.Created), TypeInfoPropertyName = "SupportCreated")]
    public sealed partial class DupJson : JsonSerializerContext { }
}
