using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;
using TypedAmqp.Tool.Loading;
using TypedAmqp.Tool.Output;

namespace TypedAmqp.Tool.Commands;

/// <summary>
/// <c>typedamqp declare</c>: declares the topology over AMQP with the runtime, one entity at a time so each gets its
/// status line. Server-named and exclusive queues (and their bindings) are left to the services: they belong to the
/// connection that declares them and would vanish with the tool's.
/// </summary>
internal static class DeclareCommand
{
    public static readonly string[] Options = ["assembly", "uri"];

    public static async Task<int> RunAsync(CommandLine command, TextWriter output, Progress progress, CancellationToken cancellationToken)
    {
        string assembly = command.Required("assembly");
        string uri = command.Optional("uri", "amqp://guest:guest@127.0.0.1:5672/", "TYPEDAMQP_URI");
        AmqpConnectionOptions options;
        try
        {
            options = AmqpConnectionOptions.Parse(uri);
        }
        catch (FormatException exception)
        {
            throw new ToolException(exception.Message, exception); // the runtime's message redacts the password
        }

        options.ClientName = "typedamqp declare";
        ContractAssembly contracts = progress.Step($"loading {assembly}", () => ContractAssembly.Load(assembly));
        string redacted = AmqpConnectionOptions.Redact(uri);
        AmqpConnection connection;
        try
        {
            connection = await progress.StepAsync($"connecting to {redacted}", () => AmqpConnection.ConnectAsync(options, cancellationToken: cancellationToken).AsTask()).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AmqpException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new ToolException($"cannot connect to {redacted}: {exception.Message}", exception);
        }

        await using (connection.ConfigureAwait(false))
        {
            AmqpChannel channel = await connection.OpenChannelAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await DeclareAsync(contracts.Topology, channel, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (AmqpChannelClosedException exception)
            {
                // The broker refused a declaration (406 PRECONDITION_FAILED: it exists with other settings, say).
                await output.WriteLineAsync($"refused: {exception.Message}".AsMemory(), cancellationToken).ConfigureAwait(false);
                return ExitCodes.Drift;
            }
            catch (Exception exception) when (exception is AmqpException or IOException)
            {
                throw new ToolException($"the connection to {redacted} failed while declaring: {exception.Message}", exception);
            }
            finally
            {
                await channel.DisposeAsync().ConfigureAwait(false);
            }
        }

        progress.Line($"declared the topology of {contracts.Name}");
        return ExitCodes.Success;
    }

    private static async Task DeclareAsync(TopologyDescription topology, AmqpChannel channel, Progress progress, CancellationToken cancellationToken)
    {
        foreach (ExchangeDeclaration exchange in topology.Exchanges)
        {
            await progress.StepAsync(
                $"declaring exchange {exchange.Name}",
                () => channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete, exchange.Internal, exchange.Arguments, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (QueueDeclaration queue in topology.Queues)
        {
            if (queue.Name.Length == 0 || queue.Exclusive)
            {
                progress.Line($"skipping {(queue.Name.Length == 0 ? "a server-named" : "exclusive")} queue {queue.Reference}: its service declares it on its own connection");
                continue;
            }

            await progress.StepAsync(
                $"declaring queue {queue.Name}",
                () => channel.QueueDeclareAsync(queue.Name, queue.Durable, queue.Exclusive, queue.AutoDelete, queue.Arguments, cancellationToken: cancellationToken).AsTask()).ConfigureAwait(false);
            declared.Add(queue.Name);
        }

        foreach (BindingDeclaration binding in topology.Bindings)
        {
            if (!binding.DestinationIsExchange && !declared.Contains(binding.Destination)) continue;
            await progress.StepAsync(
                $"binding {binding.Source} -> {binding.Destination} (key \"{binding.RoutingKey}\")",
                () => binding.DestinationIsExchange
                    ? channel.ExchangeBindAsync(binding.Destination, binding.Source, binding.RoutingKey, binding.Arguments, cancellationToken: cancellationToken)
                    : channel.QueueBindAsync(binding.Destination, binding.Source, binding.RoutingKey, binding.Arguments, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
