using System.Runtime.CompilerServices;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Connection;

/// <summary>The connection engine against a scripted peer: the failure paths a real broker rarely shows on demand.</summary>
public sealed class Amqp10ConnectionEngineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<(Amqp10Connection Connection, ScriptedAmqp10Peer Peer)> OpenAsync(Amqp10ConnectionOptions? options = null, uint? peerIdleTimeOut = null, ScriptedAmqp10Peer? peer = null)
    {
        peer ??= new ScriptedAmqp10Peer();
        Task accepted = peer.AcceptAsync(idleTimeOut: peerIdleTimeOut);
        Amqp10Connection connection = await Amqp10Connection.ConnectAsync(options ?? peer.ClientOptions()).WaitAsync(Timeout);
        await accepted.WaitAsync(Timeout);
        return (connection, peer);
    }

    [Fact]
    public async Task Without_a_user_the_client_authenticates_with_ANONYMOUS_and_opens_with_its_limits()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, _) = await OpenAsync(peer.ClientOptions(idleTimeout: TimeSpan.FromSeconds(30)), peer: peer);
        await using (connection)
        {
            Assert.Equal("ANONYMOUS", peer.SaslInit!.Mechanism);
            Assert.Null(peer.SaslInit.InitialResponse);
            Assert.Equal(["PLAIN", "ANONYMOUS"], connection.ServerMechanisms);
            Assert.Equal(4096u, peer.ClientOpen!.MaxFrameSize);
            Assert.Equal(15_000u, peer.ClientOpen.IdleTimeOut); // half the 30 s threshold, so the peer heartbeats twice as often
            Assert.Equal("127.0.0.1", peer.ClientOpen.Hostname);
            Assert.Equal("scripted-peer", connection.RemoteOpen.ContainerId);
        }
    }

    [Fact]
    public async Task Plain_sends_the_user_and_password_as_RFC_4616_asks()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, _) = await OpenAsync(peer.ClientOptions(user: "bob", password: "pa55"), peer: peer);
        await using (connection)
        {
            Assert.Equal("PLAIN", peer.SaslInit!.Mechanism);
            Assert.Equal("\0bob\0pa55"u8.ToArray(), peer.SaslInit.InitialResponse);
        }
    }

    [Fact]
    public async Task A_refused_sasl_outcome_is_an_authentication_exception_naming_endpoint_and_user_but_not_the_password()
    {
        await using var peer = new ScriptedAmqp10Peer();
        Task accepted = peer.AcceptAsync(Amqp10SaslCode.Auth);
        Amqp10ConnectionOptions options = peer.ClientOptions(user: "bob", password: "hunter2-secret");
        var error = await Assert.ThrowsAsync<AmqpAuthenticationException>(() => Amqp10Connection.ConnectAsync(options).WaitAsync(Timeout));
        await accepted;
        Assert.Contains($"amqp://127.0.0.1:{peer.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bob'", error.Message, StringComparison.Ordinal);
        Assert.Contains("code 1 (auth)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_silent_past_the_idle_timeout_fails_the_connection_and_is_told_why()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, _) = await OpenAsync(peer.ClientOptions(idleTimeout: TimeSpan.FromMilliseconds(600)), peer: peer);
        await using (connection)
        {
            Amqp10Close close = await peer.ReadCloseAsync().WaitAsync(Timeout);
            Assert.Equal(Amqp10Conditions.ResourceLimitExceeded, close.Error?.Condition);
            await connection.Closed.WaitAsync(Timeout);
            var failure = Assert.IsType<Amqp10ClosedException>(connection.Failure);
            Assert.Contains("idle timeout", failure.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<Amqp10ClosedException>(() => connection.BeginSessionAsync());
        }
    }

    [Fact]
    public async Task Empty_frames_go_out_at_half_the_peer_s_idle_timeout()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, _) = await OpenAsync(peerIdleTimeOut: 400, peer: peer);
        await using (connection)
        {
            var empty = new StrongBox<int>();
            Task<byte[]?> reading = peer.TryReadFrameAsync(empty);
            await Task.Delay(TimeSpan.FromMilliseconds(1500));
            Assert.True(empty.Value >= 3, $"{empty.Value} empty frames in 1.5 s with a peer idle-time-out of 400 ms");
            Assert.False(reading.IsCompleted);
        }
    }

    [Fact]
    public async Task A_frame_over_the_max_frame_size_closes_the_connection_with_a_framing_error()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, _) = await OpenAsync(peer: peer);
        await using (connection)
        {
            var header = new byte[8];
            Amqp10FrameHeader.Write(header, 1 << 20, Amqp10FrameType.Amqp, 0);
            await peer.SendAsync(header);
            Amqp10Close close = await peer.ReadCloseAsync().WaitAsync(Timeout);
            Assert.Equal(Amqp10Conditions.FramingError, close.Error?.Condition);
            await connection.Closed.WaitAsync(Timeout);
            var failure = Assert.IsType<Amqp10ProtocolException>(connection.Failure);
            Assert.Equal(Amqp10Conditions.FramingError, failure.Condition);
        }
    }

    [Fact]
    public async Task Garbage_where_a_performative_belongs_closes_the_connection_with_a_decode_error()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, _) = await OpenAsync(peer: peer);
        await using (connection)
        {
            await peer.SendAsync([0, 0, 0, 12, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
            Amqp10Close close = await peer.ReadCloseAsync().WaitAsync(Timeout);
            Assert.Equal(Amqp10Conditions.DecodeError, close.Error?.Condition);
            await connection.Closed.WaitAsync(Timeout);
            Assert.IsType<Amqp10DecodeException>(connection.Failure);
        }
    }

    [Fact]
    public async Task A_close_from_the_peer_is_answered_and_fails_the_connection_with_its_condition()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, _) = await OpenAsync(peer: peer);
        await using (connection)
        {
            Task<Amqp10Session> begin = connection.BeginSessionAsync();
            await peer.ReadFrameAsync(); // the begin, never answered
            await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) =>
                new Amqp10Close { Error = new Amqp10Error(Amqp10Conditions.ConnectionForced, "maintenance") }.Write(ref w));
            Amqp10Close reply = await peer.ReadCloseAsync().WaitAsync(Timeout);
            Assert.Null(reply.Error);
            await connection.Closed.WaitAsync(Timeout);
            var failure = Assert.IsType<Amqp10ClosedException>(connection.Failure);
            Assert.Equal(Amqp10Conditions.ConnectionForced, failure.Condition);
            var beginFailure = await Assert.ThrowsAsync<Amqp10ClosedException>(() => begin.WaitAsync(Timeout));
            Assert.Contains("maintenance", beginFailure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_peer_closing_the_socket_fails_waiting_operations_with_a_typed_exception()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, _) = await OpenAsync(peer: peer);
        await using (connection)
        {
            Task<Amqp10Session> begin = connection.BeginSessionAsync();
            await peer.ReadFrameAsync();
            await peer.DisposeAsync();
            var error = await Assert.ThrowsAsync<Amqp10ClosedException>(() => begin.WaitAsync(Timeout));
            Assert.Equal("connection", error.Scope);
            await connection.Closed.WaitAsync(Timeout);
        }
    }
}
