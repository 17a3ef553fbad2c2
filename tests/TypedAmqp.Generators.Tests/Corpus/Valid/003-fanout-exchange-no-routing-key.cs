// A fanout exchange: publisher methods without [RoutingKey], two queues bound without keys.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Notify.NotifyJson))]

namespace Notify;

public sealed record Announcement(string Text);

[Exchange("announcements", ExchangeKind.Fanout)]
public interface IAnnouncements
{
    ValueTask Announce(Announcement message);
}

[Queue("announcements.email")]
[Binding(typeof(IAnnouncements))]
[Consumer]
public interface IEmailer
{
    ValueTask Handle(Announcement message);
}

[Queue("announcements.sms")]
[Binding(typeof(IAnnouncements))]
public interface ISmsQueue { }

[JsonSerializable(typeof(Announcement))]
public sealed partial class NotifyJson : JsonSerializerContext { }
