using TypedAmqp.Tool.Drift;
using TypedAmqp.Tool.Loading;
using TypedAmqp.Tool.Management;
using TypedAmqp.Tool.Output;

namespace TypedAmqp.Tool.Commands;

/// <summary><c>typedamqp diff</c>: what the broker lacks or holds differently from the contracts, one line each on standard output.</summary>
internal static class DiffCommand
{
    public static readonly string[] Options = ["assembly", "management", "vhost", "user", "password"];

    public static async Task<int> RunAsync(CommandLine command, TextWriter output, Progress progress, CancellationToken cancellationToken)
    {
        string assembly = command.Required("assembly");
        string vhost = command.Optional("vhost", "/");
        if (!Uri.TryCreate(command.Optional("management", "http://127.0.0.1:15672"), UriKind.Absolute, out Uri? management) || management.Scheme is not ("http" or "https"))
        {
            throw ToolException.Usage("--management must be an http or https address, such as http://127.0.0.1:15672");
        }

        string user = command.Optional("user", "guest", "TYPEDAMQP_MANAGEMENT_USER");
        string password = command.Optional("password", "guest", "TYPEDAMQP_MANAGEMENT_PASSWORD");

        ContractAssembly contracts = progress.Step($"loading {assembly}", () => ContractAssembly.Load(assembly));
        using var client = new ManagementClient(management, user, password, TimeSpan.FromSeconds(30));
        BrokerDefinitions definitions = await progress.StepAsync(
            $"reading the definitions of virtual host '{vhost}' from {client.BaseAddress}",
            () => client.GetDefinitionsAsync(vhost, cancellationToken),
            d => Counts.Of(d.Exchanges.Count, d.Queues.Count, d.Bindings.Count)).ConfigureAwait(false);
        IReadOnlyList<DriftItem> drift = TopologyDrift.Compare(contracts.Topology, definitions);
        foreach (DriftItem item in drift) await output.WriteLineAsync(item.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        progress.Line(drift.Count == 0 ? "no drift" : $"{Counts.Noun(drift.Count, "difference")} between the contracts of {contracts.Name} and the broker");
        return drift.Count == 0 ? ExitCodes.Success : ExitCodes.Drift;
    }
}
