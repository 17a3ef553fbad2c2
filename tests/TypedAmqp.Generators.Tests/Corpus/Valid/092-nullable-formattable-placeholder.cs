// A placeholder of a nullable-annotated formattable class (Version?) and a nullable string, on a direct exchange.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Versions.VJson))]

namespace Versions;

public sealed record Release(Version? Version, string? Channel);

[Exchange("releases", ExchangeKind.Direct)]
public interface IReleases
{
    [RoutingKey("release-{Channel}-{Version}")]
    ValueTask Released(Release message);
}

[Queue("releases.q")]
[Binding(typeof(IReleases), "release-stable-1.0")]
public interface IReleaseQueue { }

[JsonSerializable(typeof(Release))]
public sealed partial class VJson : JsonSerializerContext { }
