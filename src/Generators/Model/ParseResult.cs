using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>What parsing one contract produced: its model (null when it could not be read) and its own diagnostics.</summary>
internal sealed record ParseResult<T>(T? Model, EquatableArray<DiagnosticInfo> Diagnostics) where T : class;
