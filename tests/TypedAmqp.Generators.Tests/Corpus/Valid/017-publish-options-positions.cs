// PublishOptions as nullable and non-nullable parameters, with and without a CancellationToken.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Mail.MailJson))]

namespace Mail;

public sealed record SendMail(string To, string Subject);

[Exchange("mail", ExchangeKind.Direct)]
public interface IMail
{
    [RoutingKey("send")] ValueTask Send(SendMail message, PublishOptions options);
    [RoutingKey("send")] ValueTask SendMaybe(SendMail message, PublishOptions? options);
    [RoutingKey("send")] ValueTask SendCancellable(SendMail message, PublishOptions options, CancellationToken ct);
    [RoutingKey("send")] ValueTask SendDefaulted(SendMail message, PublishOptions? options = null, CancellationToken ct = default);
}

[Queue("mail.outbox")]
[Binding(typeof(IMail), "send")]
public interface IOutbox { }

[JsonSerializable(typeof(SendMail))]
public sealed partial class MailJson : JsonSerializerContext { }
