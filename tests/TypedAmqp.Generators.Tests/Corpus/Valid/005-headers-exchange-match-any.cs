// A headers exchange with an x-match=any binding, bound by exchange name.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(News.NewsJson))]

namespace News;

public sealed record Bulletin(string Text);

[Exchange("bulletins", ExchangeKind.Headers)]
public interface IBulletins
{
    Task Send(Bulletin message, PublishOptions options);
}

[Queue("bulletins.urgent")]
[Binding("bulletins", Headers = new[] { "priority=high", "urgent=true" }, HeaderMatch = HeaderMatch.Any)]
public interface IUrgentBulletins { }

[JsonSerializable(typeof(Bulletin))]
public sealed partial class NewsJson : JsonSerializerContext { }
