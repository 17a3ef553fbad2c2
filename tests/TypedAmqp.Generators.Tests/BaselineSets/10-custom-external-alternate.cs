// A plugin exchange kind, an exchange with an alternate exchange, and bindings to external exchanges.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Edge.EdgeJson))]
[assembly: ExternalExchange("legacy.events", ExchangeKind.Topic)]
[assembly: ExternalExchange("unrouted", ExchangeKind.Fanout)]

namespace Edge;

public sealed record Reminder(string Text);

[Exchange("reminders", ExchangeKind.Custom, CustomType = "x-delayed-message")]
[Argument("x-delayed-type", "direct")]
public interface IReminders
{
    [RoutingKey("remind")]
    ValueTask Remind(Reminder reminder, PublishOptions? options = null, CancellationToken cancellationToken = default);
}

[Exchange("commands", ExchangeKind.Direct, AlternateExchange = "unrouted")]
public interface ICommands
{
    [RoutingKey("do")]
    ValueTask Do(Reminder reminder);
}

[Queue("reminders.due", QueueKind.Quorum, DeadLetterExchange = "unrouted")]
[Binding(typeof(IReminders), "remind")]
[Binding(typeof(ICommands), "do")]
[Binding("legacy.events", "reminder.#")]
public interface IDue { }

[JsonSerializable(typeof(Reminder))]
public sealed partial class EdgeJson : JsonSerializerContext { }
