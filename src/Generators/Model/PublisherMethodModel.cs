using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>One method of a publisher contract.</summary>
/// <param name="Name">The method name.</param>
/// <param name="Signature">The explicit-implementation header, parameters included, exactly as the interface declares it.</param>
/// <param name="Message">The message type published.</param>
/// <param name="MessageParameter">The message (or batch) parameter as passed on: its escaped name, with ! when declared nullable.</param>
/// <param name="IsBatch">True when the parameter is a collection published pipelined as a batch.</param>
/// <param name="BatchCollectionType">For a batch, the parameter's global::-qualified collection type.</param>
/// <param name="OptionsParameter">The PublishOptions parameter's escaped name, or null.</param>
/// <param name="CancellationParameter">The CancellationToken parameter's escaped name, or null.</param>
/// <param name="ReturnsTask">True for Task, false for ValueTask.</param>
/// <param name="RoutingKeyTemplate">The routing-key template as written.</param>
/// <param name="RoutingKey">The template cut into literal and placeholder segments.</param>
/// <param name="Response">For a request method (returning ValueTask&lt;T&gt;), the response type; null otherwise.</param>
/// <param name="ReplyTimeoutMs">For a request method, how long to wait for the reply, as written in [ReplyTimeout] (or the default).</param>
/// <param name="ReplyTimeoutLocation">The [ReplyTimeout] attribute's location, or null without one.</param>
/// <param name="RoutingKeyLocation">The [RoutingKey] attribute's location (the method's when there is none).</param>
/// <param name="Location">The method's location.</param>
internal sealed record PublisherMethodModel(
    string Name, string Signature, MessageTypeModel Message, string MessageParameter, bool IsBatch, string? BatchCollectionType, string? OptionsParameter,
    string? CancellationParameter, bool ReturnsTask, string RoutingKeyTemplate, EquatableArray<RoutingKeySegment> RoutingKey, MessageTypeModel? Response,
    int ReplyTimeoutMs, LocationInfo? ReplyTimeoutLocation, LocationInfo? RoutingKeyLocation, LocationInfo? Location)
{
    public const int DefaultReplyTimeoutMs = 30_000;

    /// <summary>The message published and, for a request, the response expected.</summary>
    public MessageTypeModel[] Messages => Response is null ? [Message] : [Message, Response];
}
