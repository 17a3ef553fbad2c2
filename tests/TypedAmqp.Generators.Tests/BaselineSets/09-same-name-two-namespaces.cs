// The same interface names in two namespaces: registration and factory members are qualified by namespace.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Shared.SharedJson))]

namespace Shared
{
    public sealed record Ping(string Text);

    [JsonSerializable(typeof(Ping))]
    public sealed partial class SharedJson : JsonSerializerContext { }
}

namespace Shop.Billing
{
    [Exchange("billing", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Ping(Shared.Ping message); }

    [Queue("billing.inbox")]
    [Binding(typeof(IEvents))]
    [Consumer]
    public interface IInbox { ValueTask Handle(Shared.Ping message); }
}

namespace Shop.Shipping
{
    [Exchange("shipping", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Ping(Shared.Ping message); }

    [Queue("shipping.inbox")]
    [Binding(typeof(IEvents))]
    [Consumer]
    public interface IInbox { ValueTask Handle(Shared.Ping message); }
}
