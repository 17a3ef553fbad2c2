// Eight exchanges and queues in one file sharing messages, with cross bindings.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Many.MJson))]

namespace Many;

public enum Stage { Draft, Review, Done }
public sealed record Doc(Guid Id, Stage Stage);
public sealed record Comment(Guid DocId, string Text);

[Exchange("docs", ExchangeKind.Topic)]
public interface IDocs
{
    [RoutingKey("doc.{Stage}")] ValueTask Changed(Doc message);
    [RoutingKey("doc.comment")] ValueTask Commented(Comment message);
}

[Exchange("docs.fan", ExchangeKind.Fanout)]
[ExchangeBinding(typeof(IDocs), "doc.#")]
public interface IDocsFan { }

[Exchange("docs.direct", ExchangeKind.Direct)]
public interface IDocsDirect { [RoutingKey("{Id}")] ValueTask ById(Doc message); }

[Queue("docs.review", QueueKind.Quorum, DeliveryLimit = 4)]
[Binding(typeof(IDocs), "doc.Review")]
[Consumer]
public interface IReviewers { ValueTask Handle(Doc message); }

[Queue("docs.comments")]
[Binding(typeof(IDocs), "doc.comment")]
[Consumer]
public interface ICommentIndexer { ValueTask Handle(Comment message); }

[Queue("docs.audit", QueueKind.Stream)]
[Binding(typeof(IDocsFan))]
[Consumer(Prefetch = 200)]
public interface IAudit { ValueTask Handle(Doc message); ValueTask Handle(Comment message); }

[Queue("docs.by-id")]
[Binding(typeof(IDocsDirect), "00000000-0000-0000-0000-000000000000")]
public interface IById { }

[JsonSerializable(typeof(Doc))]
[JsonSerializable(typeof(Comment))]
public sealed partial class MJson : JsonSerializerContext { }
