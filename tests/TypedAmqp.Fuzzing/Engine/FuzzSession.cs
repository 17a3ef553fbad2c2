using System.Diagnostics;

namespace TypedAmqp.Fuzzing.Engine;

/// <summary>
/// Runs a target over a stream of inputs: first every corpus entry as it is, then mutations of them. Counts crashes
/// (unexpected exceptions), hangs and unobserved task exceptions, and saves each failing input for <c>--replay</c>.
/// </summary>
/// <remarks>
/// Inputs run on a thread of their own while the calling thread watches it: a target that never returns (an infinite
/// loop in a decoder) is reported as a hang and ends the session, since a stuck thread cannot be taken back. Targets
/// that wait on tasks report their own hangs with <see cref="FuzzHangException"/> and the session goes on.
/// </remarks>
internal sealed class FuzzSession
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    private readonly IFuzzTarget _target;
    private readonly FuzzSettings _settings;
    private readonly Func<long, byte[]> _inputAt;
    private readonly int _unobservedCheckInterval;
    private readonly Lock _gate = new();
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _savedSignatures = [];
    private readonly List<(long Index, byte[] Input)> _sinceLastCheck = [];
    private (long Index, byte[] Input)[] _beforeLastCheck = [];
    private readonly List<string> _unobserved = [];
    private long _crashes;
    private long _hangs;
    private long _unobservedCount;
    private long _executed;
    private long _currentIndex = -1;
    private byte[]? _currentInput;
    private long _currentStarted; // Stopwatch timestamp while an input runs, 0 between inputs
    private volatile bool _stopping;

    private FuzzSession(IFuzzTarget target, FuzzSettings settings, Func<long, byte[]> inputAt, int unobservedCheckInterval)
    {
        _target = target;
        _settings = settings;
        _inputAt = inputAt;
        _unobservedCheckInterval = Math.Max(1, unobservedCheckInterval);
    }

    /// <summary>Runs the corpus, then seeded mutations of it, up to <see cref="FuzzSettings.Inputs"/> inputs in all.</summary>
    public static FuzzReport Run(IFuzzTarget target, IReadOnlyList<byte[]> corpus, FuzzSettings settings)
    {
        var mutator = new Mutator(settings.Seed, corpus, target.Layout);
        // Inputs are asked for in order, on one thread, so the mutator's sequence (and so the run) is reproducible.
        byte[] InputAt(long index) => index < corpus.Count ? corpus[(int)index] : mutator.Next();
        return new FuzzSession(target, settings, InputAt, target.UnobservedCheckInterval).RunAll();
    }

    /// <summary>Runs one saved input, checking for unobserved task exceptions right after it.</summary>
    public static FuzzReport Replay(IFuzzTarget target, byte[] input, FuzzSettings settings) =>
        new FuzzSession(target, settings with { Inputs = 1 }, _ => input, unobservedCheckInterval: 1).RunAll();

    private FuzzReport RunAll()
    {
        // Garbage left by whatever ran before (other tests) must not be blamed on this session's inputs.
        CollectGarbage();
        TaskScheduler.UnobservedTaskException += OnUnobservedTaskException;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        var clock = Stopwatch.StartNew();
        try
        {
            using var finished = new ManualResetEventSlim();
            var worker = new Thread(() =>
            {
                try
                {
                    RunInputs(clock);
                }
                finally
                {
                    finished.Set();
                }
            })
            {
                IsBackground = true, // a hung input must not keep the process alive
                Name = $"Fuzzing {_target.Name}",
            };
            worker.Start();
            Watch(worker, finished, clock);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobservedTaskException;
            AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        }

        lock (_gate)
        {
            return new FuzzReport(_target.Name, _settings.Seed, Interlocked.Read(ref _executed), clock.Elapsed,
                _crashes, _hangs, _unobservedCount, _findings.ToArray());
        }
    }

    private void RunInputs(Stopwatch clock)
    {
        for (long index = 0; index < _settings.Inputs && !_stopping; index++)
        {
            if (_settings.TimeLimit is { } limit && clock.Elapsed >= limit) break;
            byte[] input = _inputAt(index);
            Volatile.Write(ref _currentInput, input);
            Volatile.Write(ref _currentIndex, index);
            Volatile.Write(ref _currentStarted, Stopwatch.GetTimestamp());
            try
            {
                _target.Execute(input);
            }
            catch (FuzzHangException hang)
            {
                // Hangs all look alike from here (a wait that ran out): each is kept, up to the limit.
                Record(FindingKind.Hang, index, hang.Message, $"hang {index}", [(index, input)]);
            }
            catch (Exception crash)
            {
                Record(FindingKind.Crash, index, crash.ToString(), Signature(crash), [(index, input)]);
            }

            Volatile.Write(ref _currentStarted, 0);
            if (_stopping) return; // the watchdog gave up on this input already and counted the session as ended
            Interlocked.Exchange(ref _executed, index + 1);
            _sinceLastCheck.Add((index, input));
            if (_sinceLastCheck.Count >= _unobservedCheckInterval) CheckUnobserved();
        }

        CheckUnobserved();
    }

    /// <summary>Runs on the calling thread: prints progress, and ends the session when one input runs too long.</summary>
    private void Watch(Thread worker, ManualResetEventSlim finished, Stopwatch clock)
    {
        TimeSpan nextProgress = ProgressInterval;
        while (!finished.Wait(TimeSpan.FromMilliseconds(100)))
        {
            long started = Volatile.Read(ref _currentStarted);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > _settings.HangTimeout)
            {
                long index = Volatile.Read(ref _currentIndex);
                byte[] input = Volatile.Read(ref _currentInput)!;
                _stopping = true;
                Interlocked.Exchange(ref _executed, index + 1);
                Record(FindingKind.Hang, index, $"Input {index} was still running after {_settings.HangTimeout.TotalSeconds:0} s (thread '{worker.Name}' abandoned).",
                    "watchdog", [(index, input)]);
                return;
            }

            if (clock.Elapsed >= nextProgress)
            {
                nextProgress += ProgressInterval;
                _settings.Progress?.WriteLine(ProgressLine(clock.Elapsed));
            }
        }
    }

    private string ProgressLine(TimeSpan elapsed)
    {
        long executed = Interlocked.Read(ref _executed);
        lock (_gate)
        {
            return $"[{_target.Name}] {executed} inputs in {elapsed.TotalSeconds:0} s ({executed / Math.Max(elapsed.TotalSeconds, 0.001):0}/s), "
                + $"crashes {_crashes}, hangs {_hangs}, unobserved {_unobservedCount}";
        }
    }

    /// <summary>
    /// Forces finalization, so tasks whose exceptions nobody observed report them now, and blames them on the inputs
    /// run since the last check (replay them one by one to find the culprit).
    /// </summary>
    private void CheckUnobserved()
    {
        CollectGarbage();
        string[] reported;
        lock (_gate)
        {
            reported = _unobserved.ToArray();
            _unobserved.Clear();
        }

        // A task may still be referenced for a moment after it failed (by the thread that ran it), and then be
        // finalized at the next check: the batch before is kept with the suspects.
        (long Index, byte[] Input)[] suspects = [.. _beforeLastCheck, .. _sinceLastCheck];
        if (reported.Length > 0 && suspects.Length > 0)
        {
            Record(FindingKind.UnobservedException, suspects[0].Index, string.Join(Environment.NewLine, reported),
                "unobserved " + reported[0].Split(Environment.NewLine)[0], suspects, count: reported.Length);
        }

        _beforeLastCheck = _sinceLastCheck.ToArray();
        _sinceLastCheck.Clear();
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private void OnUnobservedTaskException(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        e.SetObserved();
        lock (_gate) _unobserved.Add(e.Exception.ToString());
    }

    /// <summary>The process is going down (an exception escaped a thread): keep the input that was running.</summary>
    private void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
    {
        long index = Volatile.Read(ref _currentIndex);
        if (Volatile.Read(ref _currentInput) is { } input)
        {
            Record(FindingKind.Crash, index, $"Unhandled exception, the process ends: {e.ExceptionObject}", "process", [(index, input)]);
        }

        _settings.Progress?.WriteLine($"[{_target.Name}] process crash while running input {index}: {e.ExceptionObject}");
    }

    private void Record(FindingKind kind, long index, string description, string signature, (long Index, byte[] Input)[] inputs, int count = 1)
    {
        lock (_gate)
        {
            switch (kind)
            {
                case FindingKind.Crash: _crashes += count; break;
                case FindingKind.Hang: _hangs += count; break;
                default: _unobservedCount += count; break;
            }

            // One saved input per kind of failure: a defect that trips on most inputs must not flood the folder.
            string? savedTo = null;
            if (_settings.FindingsDirectory is { } directory && _savedSignatures.Count < _settings.MaxSavedFindings && _savedSignatures.Add(signature))
            {
                savedTo = Save(directory, kind, index, description, inputs);
            }

            if (_findings.Count < 1000) _findings.Add(new Finding(kind, index, description, savedTo));
        }
    }

    private string Save(string directory, FindingKind kind, long index, string description, (long Index, byte[] Input)[] inputs)
    {
        Directory.CreateDirectory(directory);
        string name = $"{_target.Name}-{kind.ToString().ToLowerInvariant()}-seed{_settings.Seed}-input{index}";
        if (inputs.Length == 1)
        {
            string file = Path.Combine(directory, name + ".bin");
            File.WriteAllBytes(file, inputs[0].Input);
            File.WriteAllText(Path.Combine(directory, name + ".txt"), description);
            return file;
        }

        // Unobserved exceptions are seen after a batch of inputs: keep the batch, to be replayed one input at a time.
        string folder = Path.Combine(directory, name);
        Directory.CreateDirectory(folder);
        foreach ((long inputIndex, byte[] input) in inputs) File.WriteAllBytes(Path.Combine(folder, $"input{inputIndex}.bin"), input);
        File.WriteAllText(Path.Combine(folder, "description.txt"), description);
        return folder;
    }

    /// <summary>Groups failures by exception type and throw site, so each distinct one gets an input saved.</summary>
    private static string Signature(Exception exception)
    {
        Exception root = exception is FuzzOracleException { InnerException: { } inner } ? inner : exception;
        string site = root.StackTrace?.Split('\n', 2)[0].Trim() ?? string.Empty;
        return $"{exception.GetType().Name} {root.GetType().Name} {site}";
    }
}
