// A direct key whose literal suffix also occurs inside the placeholder's value ({File}.bak bound to db.bak.bak).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Backups.BJson))]

namespace Backups;

public sealed record Backup(string File);

[Exchange("backups", ExchangeKind.Direct)]
public interface IBackups
{
    [RoutingKey("{File}.bak")]
    ValueTask Stored(Backup message);
}

[Queue("backups.db")]
[Binding(typeof(IBackups), "db.bak.bak")]
public interface IDbBackups { }

[JsonSerializable(typeof(Backup))]
public sealed partial class BJson : JsonSerializerContext { }
