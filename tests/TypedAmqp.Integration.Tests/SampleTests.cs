using System.Diagnostics;
using System.Reflection;

namespace TypedAmqp.Integration;

/// <summary>Runs the samples as processes against the broker and checks what they print.</summary>
public sealed class SampleTests
{
    private static string SamplePath(string key) =>
        typeof(SampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static async Task<string> RunAsync(string key, params string[] arguments)
    {
        string dll = SamplePath(key);
        Assert.True(File.Exists(dll), $"the sample was not built at {dll}");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TYPEDAMQP_URI"] = Broker.Uri;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);

        string text = await output;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{text}\n{await errors}");
        return text;
    }

    [BrokerFact]
    public async Task OrderProcessing_fulfils_orders_dead_letters_the_broken_one_answers_a_quote_and_exports_traces()
    {
        string text = await RunAsync("OrderProcessingAssembly");

        Assert.Contains("quote: 3 x BOOK-1 = 29.97", text);
        Assert.Contains("summary: 3 orders fulfilled, 4 failed attempts for the broken order", text);
        Assert.Contains("Activity.DisplayName:        publish shop.orders", text);
        Assert.Contains("Activity.DisplayName:        process shop.orders", text);
        Assert.DoesNotContain("guest:guest", text);
    }

    [BrokerFact]
    public async Task Quickstart_round_trips_its_greetings_through_the_broker()
    {
        string text = await RunAsync("QuickstartAssembly");
        Assert.Contains("received: Bonjour (fr) via routing key greeting.fr, type quickstart.greeting", text);
        Assert.Contains("done: 3 greetings round-tripped", text);
        Assert.DoesNotContain("guest:guest", text);
    }

    [Fact]
    public async Task The_topology_page_shows_the_diagram_OrderProcessing_prints()
    {
        string text = await RunAsync("OrderProcessingAssembly", "--topology");
        string diagram = text[..text.IndexOf("\n\n", StringComparison.Ordinal)].Trim();
        Assert.StartsWith("flowchart LR", diagram, StringComparison.Ordinal);
        Assert.Contains("{{\"IFulfilment\"}}", diagram, StringComparison.Ordinal);
        string page = File.ReadAllText(Path.Combine(SamplePath("RepositoryRoot"), "docs", "topology.md"));
        Assert.Contains("```mermaid\n" + diagram + "\n```", page.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"exchanges\"", text, StringComparison.Ordinal);
    }

    [BrokerFact]
    public async Task WebApi_publishes_from_an_endpoint_and_its_consumer_in_the_same_host_handles_the_message()
    {
        string dll = SamplePath("WebApiAssembly");
        Assert.True(File.Exists(dll), $"the sample was not built at {dll}");
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TYPEDAMQP_URI"] = Broker.Uri;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new System.Net.Http.HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            System.Net.Http.HttpResponseMessage created = await RetryUntilListeningAsync(() => http.PostAsync("/tickets?title=printer%20on%20fire", null), process);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, created.StatusCode);
            Uri location = created.Headers.Location!;

            string state = string.Empty;
            for (int attempt = 0; attempt < 100 && !state.Contains("\"triaged\"", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(100);
                state = await http.GetStringAsync(location);
            }

            Assert.Contains("\"triaged\"", state, StringComparison.Ordinal);
            Assert.Contains("printer on fire", state, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.DoesNotContain("guest:guest", await output + await errors, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<System.Net.Http.HttpResponseMessage> RetryUntilListeningAsync(Func<Task<System.Net.Http.HttpResponseMessage>> request, Process process)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await request();
            }
            catch (System.Net.Http.HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }
}
