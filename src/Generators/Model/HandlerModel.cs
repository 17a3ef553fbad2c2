using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>One handler method of a consumer contract.</summary>
/// <param name="DeclaredOn">The global::-qualified base interface that declares an inherited handler; null for the contract's own.</param>
/// <param name="Response">For a request handler (returning ValueTask&lt;T&gt;), the response type sent back; null otherwise.</param>
internal sealed record HandlerModel(string Name, string? DeclaredOn, MessageTypeModel Message, bool TakesContext, bool TakesCancellation, bool ReturnsTask, MessageTypeModel? Response, LocationInfo? Location)
{
    /// <summary>The message handled and, for a request handler, the response sent back.</summary>
    public MessageTypeModel[] Messages => Response is null ? [Message] : [Message, Response];
}
