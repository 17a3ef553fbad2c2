using System.Text.Json;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration.Tool;

/// <summary>
/// The typedamqp tool run as a process over the OrderProcessing sample's built assembly: export, declare and diff
/// against the real broker (each test in a virtual host of its own), and the failures CI must see as exit code 2.
/// </summary>
public sealed class ToolTests
{
    [Fact]
    public async Task Export_writes_definitions_for_the_requested_virtual_host()
    {
        ToolRun run = await ToolProcess.RunAsync("export", "--assembly", ToolProcess.OrderProcessing, "--format", "definitions", "--vhost", "shop");

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument definitions = JsonDocument.Parse(run.Output);
        Assert.Contains(definitions.RootElement.GetProperty("queues").EnumerateArray(), q => q.GetProperty("name").GetString() == "shop.fulfilment" && q.GetProperty("vhost").GetString() == "shop");
        Assert.Contains("loading ", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_the_mermaid_diagram_to_a_file()
    {
        string file = Path.Combine(Path.GetTempPath(), $"typedamqp-diagram-{Guid.NewGuid():N}.md");
        try
        {
            ToolRun run = await ToolProcess.RunAsync("export", "--assembly", ToolProcess.OrderProcessing, "--format", "mermaid", "--output", file);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(string.Empty, run.Output);
            string diagram = File.ReadAllText(file);
            Assert.StartsWith("flowchart LR", diagram, StringComparison.Ordinal);
            Assert.Contains("{{\"IFulfilment\"}}", diagram, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_nonexistent_assembly_is_exit_code_2_with_the_path_named()
    {
        ToolRun run = await ToolProcess.RunAsync("export", "--assembly", "/nonexistent/Contracts.dll", "--format", "definitions");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error: assembly '/nonexistent/Contracts.dll' does not exist", run.Errors, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public async Task An_unknown_format_or_command_is_exit_code_2_with_the_usage()
    {
        ToolRun format = await ToolProcess.RunAsync("export", "--assembly", ToolProcess.OrderProcessing, "--format", "yaml");
        ToolRun command = await ToolProcess.RunAsync("deploy");

        Assert.True(format.ExitCode == 2, format.ToString());
        Assert.Contains("unknown format 'yaml'", format.Errors, StringComparison.Ordinal);
        Assert.True(command.ExitCode == 2, command.ToString());
        Assert.Contains("unknown command 'deploy'", command.Errors, StringComparison.Ordinal);
        Assert.Contains("usage:", command.Errors, StringComparison.Ordinal);
    }

    [ManagementFact]
    public async Task Diff_reports_drift_before_declare_and_none_after()
    {
        string vhost = await ManagementApi.CreateVirtualHostAsync("tool");
        try
        {
            ToolRun before = await ToolProcess.RunAsync("diff", "--assembly", ToolProcess.OrderProcessing, "--management", ManagementApi.Address, "--vhost", vhost);
            ToolRun declare = await ToolProcess.RunAsync("declare", "--assembly", ToolProcess.OrderProcessing, "--uri", ManagementApi.AmqpUri(vhost));
            ToolRun after = await ToolProcess.RunAsync("diff", "--assembly", ToolProcess.OrderProcessing, "--management", ManagementApi.Address, "--vhost", vhost);

            Assert.True(before.ExitCode == 1, before.ToString());
            Assert.Contains("missing exchange shop.orders\n", before.Output, StringComparison.Ordinal);
            Assert.Contains("missing queue shop.fulfilment\n", before.Output, StringComparison.Ordinal);
            Assert.Contains("missing binding shop.orders -> shop.fulfilment (key \"order.placed.*\")\n", before.Output, StringComparison.Ordinal);
            Assert.Equal(9, before.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

            Assert.True(declare.ExitCode == 0, declare.ToString());
            Assert.Contains("declaring queue shop.fulfilment… ok", declare.Errors, StringComparison.Ordinal);
            Assert.DoesNotContain("guest:guest", declare.Output + declare.Errors, StringComparison.Ordinal);

            Assert.True(after.ExitCode == 0, after.ToString());
            Assert.Equal(string.Empty, after.Output);
            Assert.Contains("no drift", after.Errors, StringComparison.Ordinal);
        }
        finally
        {
            await ManagementApi.DeleteVirtualHostAsync(vhost);
        }
    }

    [ManagementFact]
    public async Task Diff_reports_exactly_a_changed_queue_argument_and_a_removed_binding()
    {
        string vhost = await ManagementApi.CreateVirtualHostAsync("drift");
        try
        {
            ToolRun declare = await ToolProcess.RunAsync("declare", "--assembly", ToolProcess.OrderProcessing, "--uri", ManagementApi.AmqpUri(vhost));
            Assert.True(declare.ExitCode == 0, declare.ToString());

            // An operator's changes: the dead-letter queue recreated with another delivery limit, one binding removed.
            await using (AmqpConnection connection = await AmqpConnection.ConnectAsync(ManagementApi.AmqpUri(vhost)))
            await using (AmqpChannel channel = await connection.OpenChannelAsync())
            {
                await channel.QueueDeleteAsync("shop.fulfilment.dead-letters");
                await channel.QueueDeclareAsync("shop.fulfilment.dead-letters", durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 7 });
                await channel.QueueBindAsync("shop.fulfilment.dead-letters", "shop.orders.dlx", "");
                await channel.QueueUnbindAsync("shop.pricing.requests", "shop.pricing", "quote");
            }

            ToolRun diff = await ToolProcess.RunAsync("diff", "--assembly", ToolProcess.OrderProcessing, "--management", ManagementApi.Address, "--vhost", vhost);

            Assert.True(diff.ExitCode == 1, diff.ToString());
            Assert.Equal(
                [
                    "conflicting queue shop.fulfilment.dead-letters: argument x-delivery-limit: contracts 50, broker 7",
                    "missing binding shop.pricing -> shop.pricing.requests (key \"quote\")",
                ],
                diff.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("2 differences", diff.Errors, StringComparison.Ordinal);
        }
        finally
        {
            await ManagementApi.DeleteVirtualHostAsync(vhost);
        }
    }

    [ManagementFact]
    public async Task A_declaration_the_broker_refuses_is_exit_code_1_naming_the_entity()
    {
        string vhost = await ManagementApi.CreateVirtualHostAsync("refused");
        try
        {
            await using (AmqpConnection connection = await AmqpConnection.ConnectAsync(ManagementApi.AmqpUri(vhost)))
            await using (AmqpChannel channel = await connection.OpenChannelAsync())
            {
                await channel.ExchangeDeclareAsync("shop.orders", "fanout");
            }

            ToolRun declare = await ToolProcess.RunAsync("declare", "--assembly", ToolProcess.OrderProcessing, "--uri", ManagementApi.AmqpUri(vhost));

            Assert.True(declare.ExitCode == 1, declare.ToString());
            Assert.Contains("declaring exchange shop.orders… failed", declare.Errors, StringComparison.Ordinal);
            Assert.StartsWith("refused: ", declare.Output, StringComparison.Ordinal);
            Assert.Contains("PRECONDITION_FAILED", declare.Output, StringComparison.Ordinal);
            Assert.Contains("shop.orders", declare.Output, StringComparison.Ordinal);
        }
        finally
        {
            await ManagementApi.DeleteVirtualHostAsync(vhost);
        }
    }

    [ManagementFact]
    public async Task Wrong_credentials_are_exit_code_2_and_the_password_is_never_printed()
    {
        const string password = "not-the-password-7f3a";
        ToolRun diff = await ToolProcess.RunAsync(
            new Dictionary<string, string> { ["TYPEDAMQP_MANAGEMENT_PASSWORD"] = password },
            "diff", "--assembly", ToolProcess.OrderProcessing, "--management", ManagementApi.Address);
        ToolRun declare = await ToolProcess.RunAsync("declare", "--assembly", ToolProcess.OrderProcessing, "--uri", $"amqp://guest:{password}@127.0.0.1:5672/");

        Assert.True(diff.ExitCode == 2, diff.ToString());
        Assert.Contains("refused user 'guest' (401)", diff.Errors, StringComparison.Ordinal);
        Assert.True(declare.ExitCode == 2, declare.ToString());
        Assert.Contains("cannot connect to amqp://guest:***@127.0.0.1:5672/", declare.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(password, diff.Output + diff.Errors + declare.Output + declare.Errors, StringComparison.Ordinal);
    }
}
