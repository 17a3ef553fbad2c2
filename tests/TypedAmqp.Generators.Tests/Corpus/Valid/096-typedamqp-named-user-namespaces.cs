// Contracts in user namespaces App.TypedAmqp.Generated and App.Microsoft.Extensions (generated code must stay global::-qualified).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(App.TypedAmqp.Generated.AJson))]

namespace App.TypedAmqp.Generated
{
    public sealed record Messaging(string X);

    [Exchange("app.gen", ExchangeKind.Fanout)]
    public interface IMessagingTopology { ValueTask Publish(Messaging message); }

    [Queue("app.gen.q")]
    [Binding(typeof(IMessagingTopology))]
    [Consumer]
    public interface IMessagingContracts { ValueTask Handle(Messaging message); }

    [JsonSerializable(typeof(Messaging))]
    public sealed partial class AJson : JsonSerializerContext { }
}

namespace App.Microsoft.Extensions
{
    [Exchange("app.ext", ExchangeKind.Fanout)]
    public interface ILogging { ValueTask Publish(App.TypedAmqp.Generated.Messaging message); }

    [Queue("app.ext.q")]
    [Binding(typeof(ILogging))]
    [Consumer]
    public interface IDependencyInjection { ValueTask Handle(App.TypedAmqp.Generated.Messaging message); }
}
