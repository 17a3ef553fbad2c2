// Exchange, queue, key, header, argument and wire names with quotes, backslashes, <, > and & (escaped in strings and XML docs).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Odd.OddJson))]

namespace Odd;

[MessageType("odd \"type\" <v1> & \\ more")]
public sealed record Odd(string Text);

[Exchange("odd <&> \"exchange\" \\ 'x'", ExchangeKind.Direct)]
[Argument("x-\"quoted\"", "<value> & \\")]
public interface IOdd
{
    [RoutingKey("key with \"quotes\" \\ and <tags> & {Text}")]
    ValueTask Publish(Odd message);

    [RoutingKey("plain <&> \"\\\"")]
    ValueTask Plain(Odd message);
}

[Exchange("odd headers & <h>", ExchangeKind.Headers)]
public interface IOddHeaders { ValueTask Publish(Odd message); }

[Queue("odd queue <&> \"q\" \\")]
[Binding(typeof(IOdd), "key with \"quotes\" \\ and <tags> & x")]
[Binding(typeof(IOdd), "plain <&> \"\\\"")]
[Binding(typeof(IOddHeaders), Headers = new[] { "na\"me=va\\lue", "x=<&>" })]
[Consumer]
public interface IOddHandler { ValueTask Handle(Odd message); }

[JsonSerializable(typeof(Odd))]
public sealed partial class OddJson : JsonSerializerContext { }
