using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;
using TypedAmqp.Integration.Hosting;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration;

/// <summary>Several endpoints, as for the nodes of a cluster: the first that accepts wins; refused ones are named if none does.</summary>
[Collection(HostingTests.JobQueueCollection)]
public sealed class EndpointListTests
{
    // Nothing listens on port 1 of the loopback: a connect there is refused at once.
    private static readonly AmqpEndpoint Refusing = new("127.0.0.1", 1);

    private static AmqpEndpoint Live => new(Broker.Options().Host, Broker.PlainPort);

    [BrokerFact]
    public async Task A_refused_endpoint_is_skipped_and_the_next_one_connects()
    {
        AmqpConnectionOptions options = Broker.Options();
        options.Endpoints.Add(Refusing);
        options.Endpoints.Add(Live);

        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(options);
        Assert.True(connection.IsOpen);
        Assert.EndsWith($":{Broker.PlainPort}/%2F", connection.Endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_no_endpoint_answers_the_error_names_each_with_its_reason_and_no_password()
    {
        var options = AmqpConnectionOptions.Parse("amqp://guest:pa55word@127.0.0.1/");
        options.Endpoints.Add(Refusing);
        options.Endpoints.Add(new AmqpEndpoint("127.0.0.1", 2));

        AmqpEndpointsUnreachableException error = await Assert.ThrowsAsync<AmqpEndpointsUnreachableException>(async () => await AmqpConnection.ConnectAsync(options));
        Assert.Equal([Refusing, new AmqpEndpoint("127.0.0.1", 2)], error.Failures.Select(failure => failure.Endpoint));
        Assert.All(error.Failures, failure => Assert.IsType<System.Net.Sockets.SocketException>(failure.Error));
        Assert.Contains("127.0.0.1:1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:2: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", error.Message, StringComparison.Ordinal);
    }

    [BrokerFact]
    public async Task Refused_credentials_end_the_attempt_instead_of_trying_the_next_node()
    {
        AmqpConnectionOptions options = Broker.Options();
        options.Password = "not-the-password";
        int resolved = 0;
        options.EndpointResolver = _ =>
        {
            resolved++;
            return ValueTask.FromResult<IReadOnlyList<AmqpEndpoint>>([Live, Refusing]);
        };

        await Assert.ThrowsAsync<AmqpAuthenticationException>(async () => await AmqpConnection.ConnectAsync(options));
        Assert.Equal(1, resolved);
    }

    [BrokerFact]
    public async Task A_host_reads_its_endpoints_from_configuration_and_connects_to_the_one_that_answers()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = Broker.Uri,
            ["TypedAmqp:Endpoints:0"] = Refusing.ToString(),
            ["TypedAmqp:Endpoints:1"] = Live.ToString(),
            ["TypedAmqp:ClientName"] = "endpoint-list-host",
        });
        var log = new HostingTests.JobLog();
        builder.Services.AddSingleton(log);
        builder.Services.AddTypedAmqp(builder.Configuration).AddGeneratedContracts().AddJobWorker<HostingTests.JobWorker>();
        using IHost host = builder.Build();
        await host.StartAsync();

        Assert.EndsWith($":{Broker.PlainPort}/%2F", host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!.Endpoint, StringComparison.Ordinal);
        await host.Services.GetRequiredService<IJobs>().Submit(new Job(7100, 1));
        Assert.True(await log.Progress.WaitAsync(TimeSpan.FromSeconds(10)));
        await host.StopAsync();
    }

    [Fact]
    public void Endpoints_can_be_one_comma_separated_setting_and_a_bad_one_is_named()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TypedAmqp:Uri"] = "amqp://guest:guest@localhost/",
            ["TypedAmqp:Endpoints"] = "node1:5672, node2:5673 ,node3",
            ["TypedAmqp:EndpointOrder"] = "shuffled",
        }).Build();
        AmqpConnectionOptions connection = TypedAmqpOptions.FromConfiguration(configuration).ToConnectionOptions();
        Assert.Equal([new("node1", 5672), new("node2", 5673), new("node3")], connection.Endpoints);
        Assert.Equal(EndpointOrder.Shuffled, connection.EndpointOrder);

        var broken = new TypedAmqpOptions { Uri = "amqp://localhost/", Endpoints = ["node1:5672", "node2:99999"] };
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => broken.ToConnectionOptions());
        Assert.Contains("TypedAmqp:Endpoints", error.Message, StringComparison.Ordinal);
        Assert.Contains("node2:99999", error.Message, StringComparison.Ordinal);
    }
}
