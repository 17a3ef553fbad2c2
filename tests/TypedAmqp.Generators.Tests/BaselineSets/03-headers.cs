// A headers exchange with all, any and any-with-x bindings.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(News.NewsJson))]

namespace News;

public sealed record Story(string Title, string Section);

[Exchange("news", ExchangeKind.Headers)]
public interface INews
{
    ValueTask Publish(Story story, PublishOptions? options = null, CancellationToken cancellationToken = default);
}

[Queue("news.sport")]
[Binding(typeof(INews), Headers = new[] { "section=sport", "lang=en" })]
public interface ISportDesk { }

[Queue("news.any")]
[Binding(typeof(INews), Headers = new[] { "section=sport", "section2=politics" }, HeaderMatch = HeaderMatch.Any)]
public interface IAnyDesk { }

[Queue("news.traced")]
[Binding(typeof(INews), Headers = new[] { "x-trace=on" }, HeaderMatch = HeaderMatch.AnyWithX)]
public interface ITracedDesk { }

[JsonSerializable(typeof(Story))]
public sealed partial class NewsJson : JsonSerializerContext { }
