using System.Text.Json.Serialization;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Quickstart.QuickstartJson))]

namespace Quickstart;

/// <summary>A message: a greeting in some language.</summary>
[MessageType("quickstart.greeting")]
public sealed record Greeting(string Language, string Text);

/// <summary>Publishing side: greetings go to a topic exchange, routed by language.</summary>
[Exchange("quickstart.greetings", ExchangeKind.Topic, Durable = false, AutoDelete = true)]
public interface IGreetings
{
    [RoutingKey("greeting.{Language}")]
    ValueTask Send(Greeting greeting, CancellationToken cancellationToken = default);
}

/// <summary>Consuming side: a queue bound to every greeting, handled one at a time.</summary>
[Queue("quickstart.inbox", AutoDelete = true)]
[Binding(typeof(IGreetings), "greeting.*")]
[Consumer(Prefetch = 10)]
public interface IGreetingHandler
{
    ValueTask Handle(Greeting greeting, MessageContext context, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(Greeting))]
internal sealed partial class QuickstartJson : JsonSerializerContext;
