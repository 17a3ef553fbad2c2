// Contracts written in a #nullable disable region (oblivious reference types, options defaulting to null).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Oblivious.OJson))]

namespace Oblivious;

#nullable disable
public sealed class Note { public string Text { get; set; } }

[Exchange("oblivious", ExchangeKind.Topic)]
public interface INotes
{
    [RoutingKey("note.{Text}")] ValueTask Add(Note message, PublishOptions options = null, CancellationToken ct = default);
    [RoutingKey("note.{Text}")] ValueTask AddMany(IReadOnlyList<Note> messages, PublishOptions options = null);
    [RoutingKey("note.ask")] ValueTask<Note> Ask(Note message);
}

[Queue("oblivious.q")]
[Binding(typeof(INotes), "note.*")]
[Consumer]
public interface INoteHandler
{
    ValueTask<Note> Handle(Note message, MessageContext context, CancellationToken ct);
}
#nullable restore

[JsonSerializable(typeof(Note))]
public sealed partial class OJson : JsonSerializerContext { }
