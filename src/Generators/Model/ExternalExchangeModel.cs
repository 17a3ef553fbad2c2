namespace TypedAmqp.Generators.Model;

/// <summary>An exchange declared outside the compilation ([assembly: ExternalExchange]).</summary>
internal sealed record ExternalExchangeModel(string Name, string Kind, Helpers.LocationInfo? Location);
