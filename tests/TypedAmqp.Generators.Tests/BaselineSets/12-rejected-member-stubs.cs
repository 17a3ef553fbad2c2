// A publisher with a rejected member: the class still compiles with a throwing stub, TAMQP010 is the only error.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Stubs.StubsJson))]

namespace Stubs;

public sealed record Note(string Text);

[Exchange("notes", ExchangeKind.Fanout)]
public interface INotes
{
    ValueTask Post(Note note);

    int /*!TAMQP010*/Count(Note note);

    string /*!TAMQP010*/Name { get; }
}

[Queue("notes.all")]
[Binding(typeof(INotes))]
public interface IAllNotes { }

[JsonSerializable(typeof(Note))]
public sealed partial class StubsJson : JsonSerializerContext { }
