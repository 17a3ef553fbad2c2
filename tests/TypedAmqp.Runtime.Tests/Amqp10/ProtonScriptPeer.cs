using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace TypedAmqp.Tests.Amqp10;

/// <summary>
/// A Python script on Qpid Proton run as a peer on a free loopback port: it prints "listening" once ready, then lines
/// the test reads; its standard error is kept, drained as it comes so the script never blocks on a full pipe, for
/// failure messages.
/// </summary>
internal sealed class ProtonScriptPeer : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();

    private ProtonScriptPeer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What the script wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors) return _errors.ToString();
        }
    }

    /// <summary>Starts <paramref name="script"/> (in the test output's Amqp10 folder) and waits for its "listening" line.</summary>
    public static async Task<ProtonScriptPeer> StartAsync(string script, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo(ProtonFactAttribute.Python, [Path.Combine(AppContext.BaseDirectory, "Amqp10", script), $"127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var peer = new ProtonScriptPeer(Process.Start(start)!, port);
        peer._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) peer._lines.Writer.TryWrite(e.Data);
        };
        peer._process.ErrorDataReceived += (_, e) =>
        {
            lock (peer._errors) peer._errors.AppendLine(e.Data);
        };
        peer._process.BeginOutputReadLine();
        peer._process.BeginErrorReadLine();
        string line = await peer.ReadLineAsync(timeout);
        Assert.True(line == "listening", $"{script} did not start: {line} {peer.Errors}");
        return peer;
    }

    /// <summary>The script's next output line.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout) => await _lines.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
