// Keyword identifiers everywhere, in the global namespace.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(KeywordJson))]

public sealed record Lesson(string @class, int @event);

[Exchange("school", ExchangeKind.Topic)]
public interface ISchool
{
    [RoutingKey("lesson.{class}.{event}")]
    ValueTask @params(Lesson @object, CancellationToken @checked = default);
}

[Queue("school.lessons", QueueKind.Quorum, DeliveryLimit = 3)]
[Binding(typeof(ISchool), "lesson.*.*")]
[Consumer(MaxDeliveryCount = 3)]
public interface IClassroom
{
    ValueTask @return(Lesson @object, MessageContext @in, CancellationToken @default);
}

[JsonSerializable(typeof(Lesson))]
public sealed partial class KeywordJson : JsonSerializerContext { }
