// An exchange with an AlternateExchange naming a fanout exchange declared in the same file.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Alt.AltJson))]

namespace Alt;

public sealed record Parcel(string Zone);

[Exchange("parcels", ExchangeKind.Direct, AlternateExchange = "parcels.unrouted")]
public interface IParcels
{
    [RoutingKey("zone-{Zone}")] ValueTask Send(Parcel message);
}

[Exchange("parcels.unrouted", ExchangeKind.Fanout)]
public interface IUnrouted { }

[Queue("parcels.zone-a")]
[Binding(typeof(IParcels), "zone-a")]
public interface IZoneA { }

[Queue("parcels.lost")]
[Binding(typeof(IUnrouted))]
[Consumer]
public interface ILostParcels { ValueTask Handle(Parcel message); }

[JsonSerializable(typeof(Parcel))]
public sealed partial class AltJson : JsonSerializerContext { }
