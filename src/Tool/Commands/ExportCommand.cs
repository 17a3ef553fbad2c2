using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;
using TypedAmqp.Tool.Loading;
using TypedAmqp.Tool.Output;

namespace TypedAmqp.Tool.Commands;

/// <summary><c>typedamqp export</c>: the topology as RabbitMQ definitions, an AsyncAPI 3.0 document or a Mermaid flowchart.</summary>
internal static class ExportCommand
{
    public static readonly string[] Options = ["assembly", "format", "output", "vhost", "server"];

    public static async Task<int> RunAsync(CommandLine command, TextWriter output, Progress progress, CancellationToken cancellationToken)
    {
        string format = command.Required("format");
        if (format is not ("definitions" or "asyncapi" or "mermaid"))
        {
            throw ToolException.Usage($"unknown format '{format}'; use definitions, asyncapi or mermaid");
        }

        string assembly = command.Required("assembly");
        ContractAssembly contracts = progress.Step(
            $"loading {assembly}", () => ContractAssembly.Load(assembly),
            c => Counts.Of(c.Topology.Exchanges.Count, c.Topology.Queues.Count, c.Topology.Bindings.Count));
        string document = format switch
        {
            "definitions" => RabbitMqDefinitions.Write(contracts.Topology, command.Optional("vhost", "/")),
            "mermaid" => contracts.Diagram,
            _ => AsyncApi(contracts, command.Optional("server")),
        };

        if (command.Optional("output") is { } file)
        {
            await File.WriteAllTextAsync(file, document + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            progress.Line($"wrote {format} to {file}");
        }
        else
        {
            await output.WriteLineAsync(document.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static string AsyncApi(ContractAssembly contracts, string? server)
    {
        if (server is not null)
        {
            try
            {
                AmqpConnectionOptions.Parse(server);
            }
            catch (FormatException exception)
            {
                throw new ToolException("--server: " + exception.Message, exception); // the runtime's message redacts the password
            }
        }

        var info = new AsyncApiInfo(contracts.Name, contracts.Version, server, $"The messaging contracts of {contracts.Name}, from its TypedAmqp topology.");
        return AsyncApiDocument.Write(contracts.Topology, contracts.ReadOperations(), info);
    }
}
