// TAMQP007: a server-named exclusive queue with no binding.
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

/*!TAMQP007*/[Queue("", Exclusive = true)]
[Consumer]
public interface IReplies { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
