// TAMQP021: a public consumer contract nested in a private class.
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

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask Publish(A m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IOkQueue { }

public class Outer
{
    private static class Hidden
    {
        [Queue("hidden.q")]
        [Binding(typeof(IOk))]
        [Consumer]
        public interface /*!TAMQP021*/IHandler { ValueTask Handle(A m); }
    }
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
