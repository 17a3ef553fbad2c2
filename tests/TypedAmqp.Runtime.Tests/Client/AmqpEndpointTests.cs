using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Tests.Client;

/// <summary>Endpoint lists: how endpoints are written and parsed, and in which order a connect tries them.</summary>
public sealed class AmqpEndpointTests
{
    [Theory]
    [InlineData("broker", "broker", null)]
    [InlineData("broker:5673", "broker", 5673)]
    [InlineData(" 10.0.0.2:5672 ", "10.0.0.2", 5672)]
    [InlineData("[::1]", "::1", null)]
    [InlineData("[fe80::1]:5671", "fe80::1", 5671)]
    [InlineData("fe80::1", "fe80::1", null)]
    public void Hosts_and_ports_are_parsed_as_written(string text, string host, int? port)
    {
        Assert.Equal(new AmqpEndpoint(host, port), AmqpEndpoint.Parse(text));
    }

    [Theory]
    [InlineData("", "no host")]
    [InlineData(":5672", "no host")]
    [InlineData("broker:0", "port '0'")]
    [InlineData("broker:65536", "port '65536'")]
    [InlineData("broker:http", "port 'http'")]
    [InlineData("[::1", "without closing")]
    [InlineData("[::1]5672", "after its address")]
    public void A_malformed_endpoint_is_refused_saying_what_is_wrong(string text, string expected)
    {
        FormatException error = Assert.Throws<FormatException>(() => AmqpEndpoint.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoints_print_as_they_parse()
    {
        Assert.Equal("broker:5673", new AmqpEndpoint("broker", 5673).ToString());
        Assert.Equal("[::1]:5672", new AmqpEndpoint("::1", 5672).ToString());
        Assert.Equal("broker", new AmqpEndpoint("broker").ToString());
    }

    [Fact]
    public async Task Without_a_list_the_host_and_port_are_the_one_endpoint()
    {
        var options = new AmqpConnectionOptions { Host = "solo", Port = 5699 };
        Assert.Equal([new AmqpEndpoint("solo", 5699)], await options.EndpointsToTryAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_list_is_tried_in_order_or_shuffled_at_every_connect()
    {
        var options = new AmqpConnectionOptions();
        AmqpEndpoint[] nodes = [.. Enumerable.Range(1, 8).Select(i => new AmqpEndpoint($"node{i}", 5672))];
        foreach (AmqpEndpoint node in nodes) options.Endpoints.Add(node);
        Assert.Equal(nodes, await options.EndpointsToTryAsync(CancellationToken.None));

        options.EndpointOrder = EndpointOrder.Shuffled;
        var orders = new HashSet<string>();
        for (int i = 0; i < 20; i++)
        {
            IReadOnlyList<AmqpEndpoint> tried = await options.EndpointsToTryAsync(CancellationToken.None);
            Assert.Equal(nodes.Select(n => n.Host).Order(), tried.Select(n => n.Host).Order()); // every endpoint, once each
            orders.Add(string.Join(",", tried));
        }

        Assert.True(orders.Count > 1, "20 shuffles of 8 endpoints all came out in one order");
    }

    [Fact]
    public async Task A_resolver_is_asked_at_every_connect_and_must_name_an_endpoint()
    {
        int calls = 0;
        var options = new AmqpConnectionOptions
        {
            EndpointResolver = _ => ValueTask.FromResult<IReadOnlyList<AmqpEndpoint>>([new AmqpEndpoint($"resolved{++calls}")]),
        };
        options.Endpoints.Add(new AmqpEndpoint("listed"));
        Assert.Equal([new AmqpEndpoint("resolved1")], await options.EndpointsToTryAsync(CancellationToken.None));
        Assert.Equal([new AmqpEndpoint("resolved2")], await options.EndpointsToTryAsync(CancellationToken.None));

        options.EndpointResolver = _ => ValueTask.FromResult<IReadOnlyList<AmqpEndpoint>>([]);
        InvalidOperationException empty = await Assert.ThrowsAsync<InvalidOperationException>(async () => await options.EndpointsToTryAsync(CancellationToken.None));
        Assert.Contains("no endpoints", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_for_one_endpoint_keep_everything_else()
    {
        var options = new AmqpConnectionOptions { Host = "a", Port = 1, UserName = "u", VirtualHost = "v", UseTls = true };
        AmqpConnectionOptions forB = options.For(new AmqpEndpoint("b"));
        Assert.Equal(("b", null, "u", "v", true), (forB.Host, forB.Port, forB.UserName, forB.VirtualHost, forB.UseTls));
        Assert.Equal(("a", 1), (options.Host, options.Port));
    }
}
