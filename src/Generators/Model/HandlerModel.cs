using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>One handler method of a consumer contract.</summary>
internal sealed record HandlerModel(string Name, MessageTypeModel Message, bool TakesContext, bool TakesCancellation, bool ReturnsTask, LocationInfo? Location);
