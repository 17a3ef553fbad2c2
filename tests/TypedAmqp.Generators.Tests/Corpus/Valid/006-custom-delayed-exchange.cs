// A custom exchange type (x-delayed-message) with its x-delayed-type argument.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Reminders.ReminderJson))]

namespace Reminders;

public sealed record Remind(Guid UserId, string Text);

[Exchange("reminders.delayed", ExchangeKind.Custom, CustomType = "x-delayed-message")]
[Argument("x-delayed-type", "direct")]
public interface IReminders
{
    [RoutingKey("remind")]
    ValueTask Remind(Remind message, PublishOptions? options = null, CancellationToken ct = default);
}

[Queue("reminders")]
[Binding(typeof(IReminders), "remind")]
[Consumer(Prefetch = 1)]
public interface IReminderHandler
{
    Task Handle(Remind message, CancellationToken ct);
}

[JsonSerializable(typeof(Remind))]
public sealed partial class ReminderJson : JsonSerializerContext { }
