using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TypedAmqp.Integration.Chaos;

/// <summary>
/// A loopback TCP proxy in front of the broker. <see cref="BlackHole"/> makes the connections open at that moment
/// swallow everything in both directions without closing, as a network partition or a dead NAT entry does, and
/// <see cref="Drop"/> resets them; later connections are forwarded normally.
/// </summary>
internal sealed class BlackHoleProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Relay> _relays = [];
    private readonly Task _accepting;

    public BlackHoleProxy(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>When the proxy last passed bytes from the broker to a client, on the <see cref="Stopwatch"/> clock.</summary>
    public long LastForwardedToClientTimestamp => Interlocked.Read(ref _lastToClient);

    private long _lastToClient;

    /// <summary>Swallows, from now on, all traffic of the connections open now; returns how many there were.</summary>
    public int BlackHole()
    {
        lock (_relays)
        {
            foreach (Relay relay in _relays) relay.Swallowing = true;
            return _relays.Count;
        }
    }

    /// <summary>Resets the connections open now (both sides), as a crashed load balancer would; returns how many there were.</summary>
    public int Drop()
    {
        lock (_relays)
        {
            foreach (Relay relay in _relays)
            {
                relay.Client.Client.LingerState = new LingerOption(true, 0); // close with RST, not FIN
                relay.Client.Close();
                relay.Server.Close();
            }

            int dropped = _relays.Count;
            _relays.Clear();
            return dropped;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var server = new TcpClient();
            await server.ConnectAsync(_target, _stop.Token);
            var relay = new Relay(client, server);
            lock (_relays) _relays.Add(relay);
            relay.Pumps = Task.WhenAll(PumpAsync(relay, client, server, toClient: false), PumpAsync(relay, server, client, toClient: true));
        }
    }

    private async Task PumpAsync(Relay relay, TcpClient from, TcpClient to, bool toClient)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await from.GetStream().ReadAsync(buffer, _stop.Token);
                if (read == 0) break;
                if (relay.Swallowing) continue; // read and dropped: the sender's writes succeed, nothing arrives
                await to.GetStream().WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (toClient) Interlocked.Exchange(ref _lastToClient, Stopwatch.GetTimestamp());
            }

            if (!relay.Swallowing) to.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // One side went away (or was dropped) (or the proxy stops): the relay ends.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Relay[] relays;
        lock (_relays) relays = [.. _relays];
        foreach (Relay relay in relays)
        {
            relay.Client.Dispose();
            relay.Server.Dispose();
            if (relay.Pumps is { } pumps) await pumps;
        }

        _stop.Dispose();
    }

    private sealed class Relay(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;

        public TcpClient Server { get; } = server;

        public volatile bool Swallowing;

        public Task? Pumps { get; set; }
    }
}
