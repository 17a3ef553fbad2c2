// Contracts with default-implemented helper methods, static members, constants and nested types, which are not contract methods.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Helpers.HJson))]

namespace Helpers;

public sealed record Greeting(string Name);

[Exchange("greetings", ExchangeKind.Topic)]
public interface IGreetings
{
    const string Prefix = "greet";

    [RoutingKey("greet.{Name}")]
    ValueTask Greet(Greeting message, CancellationToken ct = default);

    ValueTask GreetAll(IEnumerable<string> names) => GreetMany(names, this);

    static async ValueTask GreetMany(IEnumerable<string> names, IGreetings greetings)
    {
        foreach (string name in names) await greetings.Greet(new Greeting(name));
    }

    static int Count { get; set; }

    string Describe() => Prefix;

    public sealed class Helper { }
}

[Queue("greetings.q")]
[Binding(typeof(IGreetings), "greet.*")]
[Consumer]
public interface IGreetingHandler
{
    ValueTask Handle(Greeting message);

    ValueTask HandleTwice(Greeting message) => Handle(message);

    static string Name => "greeter";
}

[JsonSerializable(typeof(Greeting))]
public sealed partial class HJson : JsonSerializerContext { }
