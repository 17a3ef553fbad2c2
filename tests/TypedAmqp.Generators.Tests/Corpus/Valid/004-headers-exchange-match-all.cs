// A headers exchange with an x-match=all binding on two headers.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(News.NewsJson))]

namespace News;

public sealed record Article(string Title, string Body);

[Exchange("news", ExchangeKind.Headers)]
public interface INews
{
    ValueTask Publish(Article message, PublishOptions? options = null, CancellationToken ct = default);
}

[Queue("news.sport.eu")]
[Binding(typeof(INews), Headers = new[] { "kind=sport", "region=eu" }, HeaderMatch = HeaderMatch.All)]
[Consumer]
public interface ISportEu
{
    ValueTask Handle(Article message, MessageContext context);
}

[JsonSerializable(typeof(Article))]
public sealed partial class NewsJson : JsonSerializerContext { }
