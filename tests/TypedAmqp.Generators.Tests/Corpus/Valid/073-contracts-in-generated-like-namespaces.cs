// Contracts in namespaces named System, TypedAmqp and Generated under the app (generated code must qualify everything).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(App.System.TypedAmqp.Generated.GJson))]

namespace App.System.TypedAmqp.Generated;

public sealed record Task(string Name);
public sealed record ValueTask(string Name);
public sealed class CancellationToken { public string Name { get; set; } = ""; }
public sealed class MessageContext { public int Id { get; set; } }

[Exchange("gen", ExchangeKind.Fanout)]
public interface IGen
{
    global::System.Threading.Tasks.ValueTask Task(Task message);
    global::System.Threading.Tasks.ValueTask ValueTask(ValueTask message);
    global::System.Threading.Tasks.ValueTask Token(CancellationToken message);
    global::System.Threading.Tasks.ValueTask Context(MessageContext message);
}

[Queue("gen.q")]
[Binding(typeof(IGen))]
[Consumer]
public interface IGenHandler
{
    global::System.Threading.Tasks.ValueTask Handle(Task message);
    global::System.Threading.Tasks.ValueTask Handle(ValueTask message);
    global::System.Threading.Tasks.ValueTask Handle(CancellationToken message);
    global::System.Threading.Tasks.ValueTask Handle(MessageContext message, global::TypedAmqp.Messaging.MessageContext context);
}

[JsonSerializable(typeof(Task))]
[JsonSerializable(typeof(ValueTask))]
[JsonSerializable(typeof(CancellationToken))]
[JsonSerializable(typeof(MessageContext))]
public sealed partial class GJson : JsonSerializerContext { }
