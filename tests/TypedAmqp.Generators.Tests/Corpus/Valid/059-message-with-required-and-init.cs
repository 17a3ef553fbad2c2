// Message classes with required and init-only members and a JsonPropertyName.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Modern.MJson))]

namespace Modern;

public sealed class Signup
{
    public required string Email { get; init; }
    [JsonPropertyName("display_name")] public string? DisplayName { get; init; }
    public int Age { get; init; }
}

[Exchange("signups", ExchangeKind.Topic)]
public interface ISignups
{
    [RoutingKey("signup.{Age}")] ValueTask Signup(Signup message);
}

[Queue("signups.q")]
[Binding(typeof(ISignups), "signup.*")]
[Consumer]
public interface ISignupHandler { ValueTask Handle(Signup message); }

[JsonSerializable(typeof(Signup))]
public sealed partial class MJson : JsonSerializerContext { }
