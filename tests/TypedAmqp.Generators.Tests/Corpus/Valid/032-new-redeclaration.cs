// A derived publisher contract re-declares a base method with 'new' (both must be implemented).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Redeclare.RJson))]

namespace Redeclare;

public sealed record Note(string Text);

public interface INotesBase
{
    [RoutingKey("note.base")]
    ValueTask Add(Note message);
}

[Exchange("notes", ExchangeKind.Topic)]
public interface INotes : INotesBase
{
    [RoutingKey("note.derived")]
    new ValueTask Add(Note message);
}

[Queue("notes.all")]
[Binding(typeof(INotes), "note.*")]
public interface INotesQueue { }

[JsonSerializable(typeof(Note))]
public sealed partial class RJson : JsonSerializerContext { }
