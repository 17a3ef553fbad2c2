using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp10;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Hosting;

/// <summary>
/// <c>TypedAmqp:Protocol</c> without a broker: read and validated at start-up, what AMQP 1.0 cannot honour (URI query
/// parameters) refused by name, the hosted settings mapped, the URI mapped to the 1.0 options, and the default factory making the transport the protocol names.
/// </summary>
public sealed class ProtocolOptionsTests
{
    private static IHost Build(Dictionary<string, string?> values)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddTypedAmqp(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).AddGeneratedContracts();
        return builder.Build();
    }

    [Fact]
    public async Task Amqp10_with_uri_query_parameters_does_not_start_and_names_them_without_the_password()
    {
        using IHost host = Build(new()
        {
            ["ConnectionStrings:amqp"] = "amqp://guest:s3cret-pw@127.0.0.1:1/?heartbeat=5&channel_max=9",
            ["TypedAmqp:Protocol"] = "Amqp10",
        });

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        string failure = Assert.Single(refused.Failures);
        Assert.StartsWith("TypedAmqp:Protocol is Amqp10, which does not support URI query parameters (heartbeat, channel_max) yet.", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Amqp10_takes_the_endpoints_their_order_and_the_resolver()
    {
        Func<CancellationToken, ValueTask<IReadOnlyList<AmqpEndpoint>>> resolver = _ => new ValueTask<IReadOnlyList<AmqpEndpoint>>([new AmqpEndpoint("node-c")]);
        var options = new TypedAmqpOptions
        {
            Protocol = TypedAmqpProtocol.Amqp10,
            Uri = "amqp://broker.example/",
            Endpoints = ["node-a:5699", "[::1]", " node-b "],
            EndpointOrder = EndpointOrder.Shuffled,
            EndpointResolver = resolver,
        };

        Amqp10MessagingOptions mapped = Amqp10TransportFactory.ToMessagingOptions(options);

        Assert.Equal([new AmqpEndpoint("node-a", 5699), new AmqpEndpoint("::1"), new AmqpEndpoint("node-b")], mapped.Endpoints);
        Assert.Equal(EndpointOrder.Shuffled, mapped.EndpointOrder);
        Assert.Same(resolver, mapped.EndpointResolver);
        Assert.Empty(Amqp10TransportFactory.ToMessagingOptions(new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://broker.example/" }).Endpoints);
    }

    [Theory]
    [InlineData("node-a:0", "TypedAmqp:Endpoints: The endpoint 'node-a:0' has port '0'")]
    [InlineData("[::1", "TypedAmqp:Endpoints: The endpoint '[::1' opens '['")]
    public void Amqp10_refuses_an_endpoint_it_cannot_parse_naming_the_setting(string endpoint, string expected)
    {
        var options = new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://broker.example/", Endpoints = [endpoint] };

        var refused = Assert.Throws<InvalidOperationException>(() => Amqp10TransportFactory.ToMessagingOptions(options));
        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Amqp10_takes_publisher_confirms_the_unconfirmed_bound_and_resending()
    {
        var options = new TypedAmqpOptions
        {
            Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://broker.example/", PublisherConfirms = false, MaxUnconfirmedPublishes = 100, ResendUnconfirmedPublishes = true,
        };
        Amqp10MessagingOptions unconfirmed = Amqp10TransportFactory.ToMessagingOptions(options);
        Assert.Equal((false, 100), (unconfirmed.PublisherConfirms, unconfirmed.MaxUnconfirmedPublishes));
        Assert.False(unconfirmed.Recovery!.ResendUnconfirmedPublishes); // nothing to resend without confirms, as over 0-9-1

        options.PublisherConfirms = true;
        Amqp10MessagingOptions resending = Amqp10TransportFactory.ToMessagingOptions(options);
        Assert.True(resending.PublisherConfirms);
        Assert.True(resending.Recovery!.ResendUnconfirmedPublishes);

        Amqp10MessagingOptions defaults = Amqp10TransportFactory.ToMessagingOptions(new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://broker.example/" });
        Assert.Equal((true, (int?)null, false), (defaults.PublisherConfirms, defaults.MaxUnconfirmedPublishes, defaults.Recovery!.ResendUnconfirmedPublishes));

        options.MaxUnconfirmedPublishes = -1;
        Assert.Equal("TypedAmqp:MaxUnconfirmedPublishes cannot be negative.", Assert.Throws<InvalidOperationException>(() => Amqp10TransportFactory.ToMessagingOptions(options)).Message);
    }

    [Fact]
    public void An_amqps_uri_maps_to_tls_on_port_5671_with_the_configured_server_name_and_PLAIN_only_inside_tls()
    {
        var options = new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqps://guest:guest@broker.example/" };
        options.Tls.ServerName = "rabbit.internal";

        Amqp10MessagingOptions mapped = Amqp10TransportFactory.ToMessagingOptions(options);

        Assert.Equal(("broker.example", 5671), (mapped.Host, mapped.Port));
        Assert.Equal("rabbit.internal", Assert.IsType<System.Net.Security.SslClientAuthenticationOptions>(mapped.Tls).TargetHost);
        Assert.False(mapped.AllowPlainWithoutTls);
        Assert.Null(Amqp10TransportFactory.ToMessagingOptions(new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://broker.example/" }).Tls);
    }

    [Fact]
    public void Amqp10_takes_the_maximum_message_size_and_leaves_it_to_the_broker_when_unset()
    {
        var options = new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://broker.example/", MaxMessageSize = 1_048_576 };
        Assert.Equal(1_048_576, Amqp10TransportFactory.ToMessagingOptions(options).MaxMessageSize);
        Assert.Null(Amqp10TransportFactory.ToMessagingOptions(new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://broker.example/" }).MaxMessageSize);
    }

    [Fact]
    public async Task Amqp10_refuses_tls_settings_with_a_plain_amqp_uri()
    {
        using IHost host = Build(new()
        {
            ["ConnectionStrings:amqp"] = "amqp://guest:s3cret@broker.example/", ["TypedAmqp:Protocol"] = "amqp10", ["TypedAmqp:Tls:ServerName"] = "broker.example",
        });

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("TypedAmqp:Tls is set but the broker URI", Assert.Single(refused.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_heartbeat_setting_is_the_AMQP_1_0_idle_timeout()
    {
        var options = new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://broker.example/", Heartbeat = TimeSpan.FromSeconds(20) };

        Assert.Equal(TimeSpan.FromSeconds(20), Amqp10TransportFactory.ToMessagingOptions(options).IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), Amqp10TransportFactory.ToMessagingOptions(new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://broker.example/" }).IdleTimeout);
    }

    [Theory]
    [InlineData("Amqp11")]
    [InlineData("1")]
    public async Task An_unknown_protocol_is_refused_at_start_up_naming_the_setting_and_the_choices(string protocol)
    {
        using IHost host = Build(new() { ["ConnectionStrings:amqp"] = "amqp://guest:guest@127.0.0.1:1/", ["TypedAmqp:Protocol"] = protocol });

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal($"TypedAmqp:Protocol is '{protocol}'; use Amqp091 or Amqp10.", Assert.Single(refused.Failures));
    }

    [Fact]
    public void The_uri_maps_to_the_AMQP_1_0_options_percent_decoded_with_the_client_name_as_container_id()
    {
        Amqp10MessagingOptions mapped = Amqp10TransportFactory.ToMessagingOptions(new TypedAmqpOptions
        {
            Protocol = TypedAmqpProtocol.Amqp10,
            Uri = "amqp://orders%2Dsvc:p%40ss:w@rabbit.internal:5699/shop%2Feu",
            ClientName = "orders-7",
        });

        Assert.Equal(("rabbit.internal", 5699, "orders-svc", "p@ss:w", "shop/eu", "orders-7"), (mapped.Host, mapped.Port, mapped.UserName, mapped.Password, mapped.VirtualHost, mapped.ContainerId));
        Assert.True(mapped.AllowPlainWithoutTls);
    }

    [Fact]
    public void A_bare_uri_maps_to_the_same_defaults_as_over_0_9_1()
    {
        Amqp10MessagingOptions mapped = Amqp10TransportFactory.ToMessagingOptions(new TypedAmqpOptions { Protocol = TypedAmqpProtocol.Amqp10, Uri = "amqp://localhost" });

        Assert.Equal(("localhost", 5672, "guest", "guest", "/", (string?)null), (mapped.Host, mapped.Port, mapped.UserName, mapped.Password, mapped.VirtualHost, mapped.ContainerId));
    }

    [Fact]
    public async Task The_default_factory_makes_the_transport_the_protocol_names_and_0_9_1_stays_the_default()
    {
        var factory = new DefaultTransportFactory();
        var options = new TypedAmqpOptions { Uri = "amqp://guest:guest@127.0.0.1:1/" };
        Assert.Equal(TypedAmqpProtocol.Amqp091, options.Protocol);

        await using IMessagingTransport amqp091 = factory.Create(options, NullLoggerFactory.Instance);
        options.Protocol = TypedAmqpProtocol.Amqp10;
        await using IMessagingTransport amqp10 = factory.Create(options, NullLoggerFactory.Instance);

        Assert.IsType<RecoveringMessaging>(amqp091);
        var transport = Assert.IsType<Amqp10MessagingTransport>(amqp10);
        Assert.False(transport.Status.HasConnected);
        factory.Reconfigure(amqp10, options); // a reload reaches the 1.0 factory, which has nothing to apply
    }

    [Fact]
    public async Task Using_an_AMQP_1_0_transport_that_never_connected_fails_saying_so()
    {
        await using var transport = new Amqp10MessagingTransport(new Amqp10MessagingOptions { Host = "127.0.0.1", Port = 1 });

        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => transport.DeclareAsync(new TopologyDescription([], [], [])).AsTask());
        Assert.Contains("not connected yet", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_AMQP_1_0_broker_is_retried_for_the_connect_budget_then_fails()
    {
        await using var transport = new Amqp10MessagingTransport(new Amqp10MessagingOptions { Host = "127.0.0.1", Port = 1, AllowPlainWithoutTls = true, UserName = "guest", Password = "guest" });
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        Amqp10ClosedException failed = await Assert.ThrowsAsync<Amqp10ClosedException>(() => transport.ConnectAsync(TimeSpan.FromSeconds(1.5), CancellationToken.None).AsTask());

        Assert.InRange(elapsed.Elapsed, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(10));
        Assert.Contains("127.0.0.1:1", failed.Message, StringComparison.Ordinal);
        Assert.False(transport.Status.HasConnected);
    }
}
