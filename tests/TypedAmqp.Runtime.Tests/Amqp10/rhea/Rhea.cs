using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Rhea;

/// <summary>
/// rhea (npm, pinned in eng/rhea), run under node. It is installed once per machine by eng/rhea/install.sh, which
/// eng/test-dependencies.sh runs and which this class runs too, so a test started on its own finds it.
/// </summary>
internal static class RheaNode
{
    private static readonly string Root =
        typeof(RheaNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static readonly Lazy<string> NodeModules = new(Install);

    /// <summary>Whether node and npm are on the PATH; without them the rhea tests are skipped locally and fail in CI.</summary>
    public static bool IsAvailable { get; } = OnPath("node") && OnPath("npm");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string SkipReason = "node and npm are needed to run rhea; install them with eng/test-dependencies.sh (CI=true makes this a failure).";

    /// <summary>The path of one of the rhea scripts copied beside the tests (Amqp10/rhea/).</summary>
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Amqp10", "rhea", name);

    /// <summary>Starts <paramref name="script"/> under node with rhea on its NODE_PATH.</summary>
    public static RheaProcess Start(string script, params string[] arguments)
    {
        Assert.True(IsAvailable, "node and npm are required (CI=true): run eng/test-dependencies.sh.");
        var start = new ProcessStartInfo("node", [Script(script), .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["NODE_PATH"] = NodeModules.Value;
        return new RheaProcess(Process.Start(start)!, script);
    }

    private static string Install()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Root, "eng", "rhea", "install.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill();
            Assert.Fail("eng/rhea/install.sh did not finish within five minutes");
        }

        Assert.True(process.ExitCode == 0, $"eng/rhea/install.sh failed (exit {process.ExitCode}):\n{errors.Result}");
        return output.Result.Trim();
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, command)));
}

/// <summary>
/// A test that runs rhea under node. Locally it is skipped, with the reason, when node or npm is missing; with CI=true
/// it always runs, so a missing dependency fails the run instead of hiding it (CI installs them: eng/test-dependencies.sh).
/// </summary>
public sealed class RheaFactAttribute : FactAttribute
{
    public RheaFactAttribute()
    {
        if (!RheaNode.IsCi && !RheaNode.IsAvailable) Skip = RheaNode.SkipReason;
    }
}

/// <summary>A running rhea script: its stdout lines (JSON events) as they come, its stdin for commands, its stderr kept for failures.</summary>
internal sealed class RheaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();

    public RheaProcess(Process process, string name)
    {
        _process = process;
        _name = name;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) _lines.Writer.TryComplete();
            else _lines.Writer.TryWrite(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors) _errors.AppendLine(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Errors
    {
        get { lock (_errors) return _errors.ToString(); }
    }

    /// <summary>The next line, within <paramref name="timeout"/>.</summary>
    public async Task<string> NextLineAsync(TimeSpan timeout)
    {
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            return await _lines.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_name} printed nothing within {timeout}; its stderr: {Errors}");
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync();
            throw new InvalidOperationException($"{_name} exited ({_process.ExitCode}); its stderr: {Errors}");
        }
    }

    /// <summary>The next JSON event whose "event" is <paramref name="kind"/>; other events before it are returned in <paramref name="skipped"/>.</summary>
    public async Task<JsonElement> NextEventAsync(string kind, TimeSpan timeout, List<JsonElement>? skipped = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{_name} reported no {kind} within {timeout}; its stderr: {Errors}");
            JsonElement e = JsonDocument.Parse(await NextLineAsync(left)).RootElement;
            if (e.GetProperty("event").GetString() == kind) return e;
            skipped?.Add(e);
        }
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the script to exit by itself; fails with its stderr when it did not exit 0.</summary>
    public async Task WaitForSuccessAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        Assert.True(_process.ExitCode == 0, $"{_name} failed (exit {_process.ExitCode}): {Errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        // DEBUG=rhea:frames (rhea's own tracing, to stderr) keeps the trace of the run.
        if (Environment.GetEnvironmentVariable("DEBUG") is { Length: > 0 })
        {
            File.WriteAllText(Path.Combine(Path.GetTempPath(), $"rhea-trace-{Path.GetFileNameWithoutExtension(_name)}.txt"), Errors);
        }
    }
}

/// <summary>
/// A message as a sorted list of <c>section.field=canonical value</c> lines: built from an <see cref="Amqp10Message"/>
/// (with the type each field has on the wire) or from the report rhea_canonical.js prints of what rhea decoded, so the
/// two compare field by field, types included.
/// </summary>
internal static class RheaReport
{
    public static List<string> Of(Amqp10Message message)
    {
        var lines = new List<string>();
        void Add(string section, string field, Amqp10Value? value)
        {
            if (value is { } v) lines.Add($"{section}.{field}={v}");
        }

        if (message.Header is { } h)
        {
            Add("header", "durable", h.Durable is { } d ? Amqp10Value.Boolean(d) : null);
            Add("header", "priority", h.Priority is { } p ? Amqp10Value.UByte(p) : null);
            Add("header", "ttl", h.Ttl is { } t ? Amqp10Value.UInt(t) : null);
            Add("header", "first_acquirer", h.FirstAcquirer is { } f ? Amqp10Value.Boolean(f) : null);
            Add("header", "delivery_count", h.DeliveryCount is { } c ? Amqp10Value.UInt(c) : null);
        }

        void AddMap(string section, Amqp10Value? map)
        {
            if (map is not { } m) return;
            Amqp10Value[] entries = m.AsElements;
            for (int i = 0; i < entries.Length; i += 2) Add(section, entries[i].ToString(), entries[i + 1]);
        }

        AddMap("delivery_annotations", message.DeliveryAnnotations);
        AddMap("message_annotations", message.MessageAnnotations);
        AddMap("footer", message.Footer);

        if (message.Properties is { } p2)
        {
            static Amqp10Value? Text(string? s) => s is null ? null : Amqp10Value.String(s);
            static Amqp10Value? Symbol(string? s) => s is null ? null : Amqp10Value.Symbol(s);
            static Amqp10Value? Time(Amqp10Timestamp? t) => t is { } x ? Amqp10Value.Timestamp(x) : null;
            Add("properties", "message_id", p2.MessageId);
            Add("properties", "user_id", p2.UserId is { } u ? Amqp10Value.Binary(u) : null);
            Add("properties", "to", Text(p2.To));
            Add("properties", "subject", Text(p2.Subject));
            Add("properties", "reply_to", Text(p2.ReplyTo));
            Add("properties", "correlation_id", p2.CorrelationId);
            Add("properties", "content_type", Symbol(p2.ContentType));
            Add("properties", "content_encoding", Symbol(p2.ContentEncoding));
            Add("properties", "absolute_expiry_time", Time(p2.AbsoluteExpiryTime));
            Add("properties", "creation_time", Time(p2.CreationTime));
            Add("properties", "group_id", Text(p2.GroupId));
            Add("properties", "group_sequence", p2.GroupSequence is { } g ? Amqp10Value.UInt(g) : null);
            Add("properties", "reply_to_group_id", Text(p2.ReplyToGroupId));
        }

        if (message.ApplicationProperties is { } properties)
        {
            foreach ((string key, Amqp10Value value) in properties) Add("application_properties", key, value);
        }

        if (message.Data is { } data) Add("data", "0", Amqp10Value.Binary(data.ToArray()));
        if (message.Value is { } body) Add("body", "value", body);
        for (int i = 0; i < (message.Sequence?.Count ?? 0); i++) Add("sequence", i.ToString(System.Globalization.CultureInfo.InvariantCulture), message.Sequence![i]);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static List<string> Of(JsonElement report)
    {
        var lines = new List<string>();
        foreach (JsonProperty section in report.EnumerateObject())
        {
            switch (section.Name)
            {
                case "data":
                case "sequence":
                    int index = 0;
                    foreach (JsonElement element in section.Value.EnumerateArray()) lines.Add($"{section.Name}.{index++}={element.GetString()}");
                    break;
                case "value":
                    lines.Add($"body.value={section.Value.GetString()}");
                    break;
                default:
                    foreach (JsonProperty field in section.Value.EnumerateObject()) lines.Add($"{section.Name}.{field.Name}={field.Value.GetString()}");
                    break;
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
