using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>
/// An [Exchange] contract: the exchange's declaration and the publisher methods, plus throwing implementations
/// (<see cref="RejectedMembers"/>) of members that were reported, so the generated class still compiles.
/// </summary>
internal sealed record ExchangeModel(
    ContractInfo Contract,
    string Name,
    string Kind,
    string Type,
    bool Durable,
    bool AutoDelete,
    bool Internal,
    EquatableArray<ArgumentModel> Arguments,
    EquatableArray<PublisherMethodModel> Methods,
    EquatableArray<string> RejectedMembers,
    EquatableArray<BindingModel> SourceBindings,
    LocationInfo? Location);
