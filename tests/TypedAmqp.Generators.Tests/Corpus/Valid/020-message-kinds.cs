// Message types as a class, a sealed record, a positional record struct, a readonly struct and a plain struct.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Kinds.KindsJson))]

namespace Kinds;

public class ClassMessage { public string Name { get; set; } = ""; }
public sealed record RecordMessage(string Name);
public record struct RecordStructMessage(string Name, int Count);
public readonly struct ReadonlyStructMessage
{
    public ReadonlyStructMessage(string name) => Name = name;
    public string Name { get; }
}
public struct StructMessage { public string Name; public int Count; }

[Exchange("kinds", ExchangeKind.Topic)]
public interface IKinds
{
    [RoutingKey("class.{Name}")] ValueTask Class(ClassMessage message);
    [RoutingKey("record.{Name}")] ValueTask Record(RecordMessage message);
    [RoutingKey("recordstruct.{Name}.{Count}")] ValueTask RecordStruct(RecordStructMessage message);
    [RoutingKey("readonly.{Name}")] ValueTask ReadonlyStruct(ReadonlyStructMessage message);
    [RoutingKey("struct.{Name}.{Count}")] ValueTask Struct(StructMessage message);
    [RoutingKey("structs.{Count}")] ValueTask Structs(IReadOnlyList<StructMessage> messages);
}

[Queue("kinds.all")]
[Binding(typeof(IKinds), "#")]
[Consumer]
public interface IKindsHandler
{
    ValueTask Class(ClassMessage message);
    ValueTask Record(RecordMessage message);
    ValueTask RecordStruct(RecordStructMessage message);
    ValueTask ReadonlyStruct(ReadonlyStructMessage message);
    ValueTask Struct(StructMessage message);
}

[JsonSerializable(typeof(ClassMessage))]
[JsonSerializable(typeof(RecordMessage))]
[JsonSerializable(typeof(RecordStructMessage))]
[JsonSerializable(typeof(ReadonlyStructMessage))]
[JsonSerializable(typeof(StructMessage))]
public sealed partial class KindsJson : JsonSerializerContext { }
