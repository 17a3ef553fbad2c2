// A classic queue with MaxPriority; the publisher passes PublishOptions to set the priority.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Print.PrintJson))]

namespace Print;

public sealed class PrintDocument
{
    public string Path { get; set; } = "";
    public int Copies { get; set; }
}

[Exchange("print", ExchangeKind.Direct)]
public interface IPrinter
{
    [RoutingKey("print")]
    ValueTask Print(PrintDocument document, PublishOptions? options = null, CancellationToken cancellationToken = default);
}

[Queue("print.jobs", MaxPriority = 10)]
[Binding(typeof(IPrinter), "print")]
[Consumer(Prefetch = 1, Concurrency = 1)]
public interface IPrintSpooler
{
    ValueTask Handle(PrintDocument document, MessageContext context, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(PrintDocument))]
public sealed partial class PrintJson : JsonSerializerContext { }
