using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>A binding as declared on a queue or exchange contract.</summary>
/// <param name="ExchangeName">The source exchange's name.</param>
/// <param name="ExchangeKind">The source exchange's kind when bound by contract type (from its attribute); null when bound by name.</param>
/// <param name="BoundByType">Whether the exchange was named through its contract type.</param>
/// <param name="RoutingKey">The binding key.</param>
/// <param name="Headers">"name=value" pairs for headers exchanges.</param>
/// <param name="Match">The x-match value: all, any, all-with-x or any-with-x.</param>
/// <param name="Location">The [Binding] attribute's location.</param>
internal sealed record BindingModel(
    string ExchangeName, string? ExchangeKind, bool BoundByType, string RoutingKey, EquatableArray<string> Headers, string Match, LocationInfo? Location);
