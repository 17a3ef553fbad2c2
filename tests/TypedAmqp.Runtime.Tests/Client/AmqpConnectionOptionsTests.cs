using TypedAmqp.Amqp091;

namespace TypedAmqp.Tests.Client;

public sealed class AmqpConnectionOptionsTests
{
    [Fact]
    public void A_full_uri_is_parsed_with_percent_decoding()
    {
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse(
            "amqps://us%40er:p%3Ass%2Fword@broker.example:5999/my%2Fvhost?heartbeat=15&frame_max=8192&channel_max=64&connection_timeout=2500&connection_name=orders");

        Assert.True(options.UseTls);
        Assert.Equal("broker.example", options.Host);
        Assert.Equal(5999, options.EffectivePort);
        Assert.Equal("us@er", options.UserName);
        Assert.Equal("p:ss/word", options.Password);
        Assert.Equal("my/vhost", options.VirtualHost);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Heartbeat);
        Assert.Equal(8192u, options.FrameMax);
        Assert.Equal((ushort)64, options.ChannelMax);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.ConnectionTimeout);
        Assert.Equal("orders", options.ClientName);
    }

    [Theory]
    [InlineData("amqp://localhost", "/", 5672)]
    [InlineData("amqp://localhost/", "/", 5672)]
    [InlineData("amqp://localhost/%2F", "/", 5672)]
    [InlineData("amqp://localhost/production", "production", 5672)]
    [InlineData("amqps://localhost", "/", 5671)]
    public void Defaults_follow_rabbitmqs_uri_spec(string uri, string vhost, int port)
    {
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse(uri);
        Assert.Equal(vhost, options.VirtualHost);
        Assert.Equal(port, options.EffectivePort);
        Assert.Equal("guest", options.UserName);
    }

    [Theory]
    [InlineData("http://localhost/")]
    [InlineData("amqp://localhost/?unknown=1")]
    [InlineData("amqp://localhost/?heartbeat=abc")]
    [InlineData("not a uri")]
    public void Malformed_uris_are_refused_without_revealing_the_password(string uri)
    {
        string withPassword = uri.Replace("localhost", "user:s3cret@localhost");
        FormatException error = Assert.Throws<FormatException>(() => AmqpConnectionOptions.Parse(withPassword));
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public void ToString_redacts_the_password()
    {
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse("amqp://admin:hunter2@host:5672/vh");
        Assert.Equal("amqp://admin:***@host:5672/vh", options.ToString());
        Assert.Equal("amqp://admin:***@host/", AmqpConnectionOptions.Redact("amqp://admin:hunter2@host/"));
    }
}
