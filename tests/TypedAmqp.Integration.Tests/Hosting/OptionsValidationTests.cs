using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;

namespace TypedAmqp.Integration.Hosting;

/// <summary>TypedAmqp's settings as <see cref="IOptions{TOptions}"/>: validated when the host starts, configurable the usual way, reloaded where safe.</summary>
public sealed class OptionsValidationTests
{
    private static IHost Build(IConfiguration configuration, Action<IServiceCollection>? more = null, ILoggerProvider? logs = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        if (logs is not null) builder.Logging.AddProvider(logs);
        builder.Services.AddTypedAmqp(configuration).AddGeneratedContracts();
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    private static IConfigurationRoot Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public async Task A_host_without_a_broker_uri_does_not_start_and_says_which_setting_is_missing()
    {
        using IHost host = Build(Configuration([]));
        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(typeof(TypedAmqpOptions), refused.OptionsType);
        Assert.Contains("ConnectionStrings:amqp", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_unreadable_setting_is_named_in_one_start_up_error_and_the_password_is_never_shown()
    {
        using IHost host = Build(Configuration(new()
        {
            ["ConnectionStrings:amqp"] = "amqp://guest:s3cret-pw@127.0.0.1:1/",
            ["TypedAmqp:HeartbeatSeconds"] = "soon",
            ["TypedAmqp:Topology"] = "Recreate",
            ["TypedAmqp:Recovery"] = "yes",
            ["TypedAmqp:MaxMessageSize"] = "-1",
        }));

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(
            ["TypedAmqp:HeartbeatSeconds", "TypedAmqp:Recovery", "TypedAmqp:MaxMessageSize", "TypedAmqp:Topology"],
            refused.Failures.Select(failure => failure[..failure.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.DoesNotContain("s3cret-pw", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_uri_or_an_inconsistent_back_off_is_refused_at_start_up()
    {
        using IHost host = Build(Configuration(new()
        {
            ["ConnectionStrings:amqp"] = "http://user:s3cret@host/",
            ["TypedAmqp:RecoveryInitialDelaySeconds"] = "2",
            ["TypedAmqp:RecoveryMaxDelaySeconds"] = "1",
        }));

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(2, refused.Failures.Count());
        Assert.Contains(refused.Failures, failure => failure.Contains("amqp or amqps", StringComparison.Ordinal));
        Assert.Contains(refused.Failures, failure => failure.StartsWith("TypedAmqp:RecoveryMaxDelaySeconds", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_calls_after_AddTypedAmqp_apply_over_configuration()
    {
        using IHost host = Build(
            Configuration(new() { ["ConnectionStrings:amqp"] = Broker.Uri, ["TypedAmqp:ClientName"] = "from-configuration" }),
            services => services.Configure<TypedAmqpOptions>(options => options.ClientName = "from-code"));

        TypedAmqpOptions options = host.Services.GetRequiredService<IOptions<TypedAmqpOptions>>().Value;
        Assert.Equal("from-code", options.ClientName);
        Assert.Equal(Broker.Uri, options.Uri);
    }

    [Fact]
    public void Calling_AddTypedAmqp_twice_is_refused()
    {
        var services = new ServiceCollection();
        IConfiguration configuration = Configuration(new() { ["ConnectionStrings:amqp"] = Broker.Uri });
        services.AddTypedAmqp(configuration);
        InvalidOperationException twice = Assert.Throws<InvalidOperationException>(() => services.AddTypedAmqp(configuration));
        Assert.Contains("twice", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reload_changes_the_back_off_at_once_and_an_invalid_reload_is_logged_and_ignored()
    {
        IConfigurationRoot configuration = Configuration(new()
        {
            ["ConnectionStrings:amqp"] = Broker.Uri,
            ["TypedAmqp:PublishRecoveryWaitSeconds"] = "30",
            ["TypedAmqp:RecoveryMaxDelaySeconds"] = "0.5",
        });
        var logs = new RecordingLoggerProvider();
        using IHost host = Build(configuration, logs: logs);
        var running = host.Services.GetRequiredService<RunningOptions>();
        Assert.Equal(TimeSpan.FromSeconds(30), running.Current.PublishRecoveryWait);
        TypedAmqpOptions initial = running.Initial;

        configuration["TypedAmqp:PublishRecoveryWaitSeconds"] = "5";
        configuration["TypedAmqp:RecoveryMaxDelaySeconds"] = "2";
        configuration.Reload();
        Assert.Equal(TimeSpan.FromSeconds(5), running.Current.PublishRecoveryWait);
        Assert.Equal(TimeSpan.FromSeconds(2), running.Current.RecoveryMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), host.Services.GetRequiredService<IOptionsMonitor<TypedAmqpOptions>>().CurrentValue.RecoveryMaxDelay);
        Assert.Same(initial, running.Initial); // what shapes the running consumers stays as it started
        Assert.Contains(logs.Messages, message => message.StartsWith("TypedAmqp settings reloaded", StringComparison.Ordinal));

        configuration["TypedAmqp:PublishRecoveryWaitSeconds"] = "a while";
        configuration.Reload();
        Assert.Equal(TimeSpan.FromSeconds(5), running.Current.PublishRecoveryWait);
        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<IOptionsMonitor<TypedAmqpOptions>>().CurrentValue.PublishRecoveryWait);
        Assert.Contains(logs.Messages, message => message.Contains("invalid and were ignored", StringComparison.Ordinal)
            && message.Contains("TypedAmqp:PublishRecoveryWaitSeconds is 'a while'", StringComparison.Ordinal));
    }

    [BrokerFact]
    public async Task A_host_started_with_valid_options_connects_with_them()
    {
        using IHost host = Build(Configuration(new() { ["ConnectionStrings:amqp"] = Broker.Uri, ["TypedAmqp:ClientName"] = "options-validated" }));
        await host.StartAsync();
        Assert.True(host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!.IsOpen);
        await host.StopAsync();
    }
}
