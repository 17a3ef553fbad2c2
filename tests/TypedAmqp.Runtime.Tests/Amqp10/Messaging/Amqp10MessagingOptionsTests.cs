using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Messaging;

public sealed class Amqp10MessagingOptionsTests
{
    [Fact]
    public async Task Connecting_to_a_broker_that_accepts_the_socket_and_never_speaks_fails_within_the_handshake_timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<Socket> accepted = listener.AcceptSocketAsync();
        var options = new Amqp10MessagingOptions
        {
            Host = "127.0.0.1", Port = port, UserName = "guest", Password = "guest", AllowPlainWithoutTls = true,
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
        };

        // Before the option existed, the engine's default of 30 s applied and this wait ran out first.
        var clock = Stopwatch.StartNew();
        Amqp10ClosedException error = await Assert.ThrowsAsync<Amqp10ClosedException>(() => Amqp10Messaging.ConnectAsync(options).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Contains("00:00:00.3000000", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        using Socket silent = await accepted;
    }

    [Fact]
    public async Task A_close_timeout_that_is_not_positive_is_refused_before_connecting()
    {
        var options = new Amqp10MessagingOptions { Host = "127.0.0.1", Port = 1, CloseTimeout = TimeSpan.Zero };
        ArgumentOutOfRangeException refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Amqp10Messaging.ConnectAsync(options));
        Assert.Contains("CloseTimeout", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_maximum_message_size_that_is_not_positive_is_refused_before_connecting()
    {
        var options = new Amqp10MessagingOptions { Host = "127.0.0.1", Port = 1, MaxMessageSize = 0 };
        ArgumentOutOfRangeException refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Amqp10Messaging.ConnectAsync(options));
        Assert.Contains("MaxMessageSize", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_match_the_engine_s()
    {
        var messaging = new Amqp10MessagingOptions { Host = "h" };
        var engine = new Amqp10ConnectionOptions { Host = "h" };
        Assert.Equal(engine.HandshakeTimeout, messaging.HandshakeTimeout);
        Assert.Equal(engine.CloseTimeout, messaging.CloseTimeout);
    }
}
