// Messages named like the core's own types (ReceivedMessage, MessageSettlement, ITopologyDeclarer), and handlers
// whose parameters are named message and context: the generated dispatcher takes a parameter named message, and its
// handler lambdas name theirs the same, which must neither clash nor bind to the user's types.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Shadowing.ShadowingJson))]

namespace Shadowing;

public sealed record ReceivedMessage(string Text);
public sealed record MessageSettlement(int Code);
public sealed record ITopologyDeclarer(string Name);

[Exchange("shadowing", ExchangeKind.Direct)]
public interface IShadowingClient
{
    [RoutingKey("received")]
    ValueTask Send(ReceivedMessage message);

    [RoutingKey("ask")]
    ValueTask<MessageSettlement> Ask(ITopologyDeclarer message, CancellationToken ct = default);
}

[Queue("shadowing.received")]
[Binding(typeof(IShadowingClient), "received")]
[Consumer]
public interface IShadowingHandler
{
    ValueTask Handle(ReceivedMessage message, MessageContext context, CancellationToken cancellationToken);
}

[Queue("shadowing.ask")]
[Binding(typeof(IShadowingClient), "ask")]
[Consumer]
public interface IShadowingResponder
{
    ValueTask<MessageSettlement> Handle(ITopologyDeclarer message, MessageContext context);
}

[JsonSerializable(typeof(ReceivedMessage))]
[JsonSerializable(typeof(MessageSettlement))]
[JsonSerializable(typeof(ITopologyDeclarer))]
public sealed partial class ShadowingJson : JsonSerializerContext { }
