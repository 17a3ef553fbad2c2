// TAMQP010: message parameters that are an interface, an enum, a delegate, a tuple and a nullable struct.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record A(string X);
public interface IMessage { string X { get; } }
public enum Color { Red }
public delegate void Callback();
public record struct P(int X);

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk
{
    ValueTask /*!TAMQP010*/Interface(IMessage m);
    ValueTask /*!TAMQP010*/Enum(Color m);
    ValueTask /*!TAMQP010*/Delegate(Callback m);
    ValueTask /*!TAMQP010*/Tuple((int, string) m);
    ValueTask /*!TAMQP010*/NullableStruct(P? m);
    ValueTask Publish(A m);
}

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
