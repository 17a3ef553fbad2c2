using TypedAmqp.Amqp091;
using TypedAmqp.Amqp10;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Targets;

namespace TypedAmqp.Tests.Fuzzing;

/// <summary>The runner catches what it is there to catch: planted crashes, hangs and unobserved exceptions.</summary>
[Collection(FuzzingCollection.Name)]
public sealed class FuzzRunnerTests : IDisposable
{
    private readonly List<string> _findingsDirectories = [];

    private static IReadOnlyList<byte[]> DecoderCorpus => Corpus.Load(Corpus.DefaultDirectory("decoder"));

    /// <summary>A folder for one test's saved findings, deleted when the test ends.</summary>
    private string NewFindingsDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"typedamqp-fuzz-test-{Guid.NewGuid():N}");
        _findingsDirectories.Add(directory);
        return directory;
    }

    public void Dispose()
    {
        foreach (string directory in _findingsDirectories)
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Frame header bytes of a heartbeat on channel 1: absent from the corpus, a mutation or two away.</summary>
    private static bool HasHeartbeatOnChannelOne(byte[] input) => input.AsSpan().IndexOf(new byte[] { 8, 0, 1 }) >= 0;

    /// <summary>The decoder with a bug planted in it: inputs with a heartbeat on channel 1 throw.</summary>
    private sealed class PlantedCrashTarget : IFuzzTarget
    {
        private readonly DecoderTarget _decoder = new();
        public string Name => "planted-crash";
        public FrameLayout Layout => FrameLayout.Amqp091;
        public int UnobservedCheckInterval => 1000;
        public IReadOnlyList<CorpusEntry> CreateSeeds() => _decoder.CreateSeeds();

        public void Execute(byte[] input)
        {
            _decoder.Execute(input);
            if (HasHeartbeatOnChannelOne(input)) throw new InvalidOperationException("planted: a heartbeat on channel 1");
        }
    }

    private sealed class PlantedHangTarget : IFuzzTarget
    {
        public string Name => "planted-hang";
        public FrameLayout Layout => FrameLayout.Amqp091;
        public int UnobservedCheckInterval => 1000;
        public IReadOnlyList<CorpusEntry> CreateSeeds() => [];

        public void Execute(byte[] input)
        {
            if (HasHeartbeatOnChannelOne(input)) Thread.Sleep(Timeout.Infinite);
        }
    }

    private sealed class PlantedUnobservedTarget : IFuzzTarget
    {
        public string Name => "planted-unobserved";
        public FrameLayout Layout => FrameLayout.Amqp091;
        public int UnobservedCheckInterval => 50;
        public IReadOnlyList<CorpusEntry> CreateSeeds() => [];

        public void Execute(byte[] input)
        {
            if (!HasHeartbeatOnChannelOne(input)) return;
            Task failed = Task.Run(() => throw new InvalidOperationException("planted: nobody awaits this task"));
            ((IAsyncResult)failed).AsyncWaitHandle.WaitOne(); // finished, and never observed
        }
    }

    [Fact]
    public void A_planted_crash_is_counted_saved_and_replays()
    {
        string findings = NewFindingsDirectory();

        FuzzReport report = FuzzSession.Run(new PlantedCrashTarget(), DecoderCorpus, new FuzzSettings { Inputs = 20_000, Seed = 3, FindingsDirectory = findings });

        Assert.True(report.Crashes > 0, report.ToString());
        Assert.Equal(0, report.Hangs);
        Finding crash = report.Findings.First(f => f.Kind == FindingKind.Crash);
        Assert.Contains("InvalidOperationException: planted", crash.Description);
        Assert.NotNull(crash.SavedTo);
        byte[] saved = File.ReadAllBytes(crash.SavedTo);
        Assert.True(HasHeartbeatOnChannelOne(saved));

        FuzzReport replay = FuzzSession.Replay(new PlantedCrashTarget(), saved, new FuzzSettings());
        Assert.Equal(1, replay.Crashes);
    }

    [Fact]
    public void A_planted_hang_ends_the_session_as_a_hang_with_the_input_saved()
    {
        string findings = NewFindingsDirectory();
        var settings = new FuzzSettings { Inputs = 20_000, Seed = 3, FindingsDirectory = findings, HangTimeout = TimeSpan.FromSeconds(1) };

        FuzzReport report = FuzzSession.Run(new PlantedHangTarget(), DecoderCorpus, settings);

        Assert.Equal(1, report.Hangs);
        Assert.True(report.Inputs < 20_000);
        Finding hang = Assert.Single(report.Findings);
        Assert.True(HasHeartbeatOnChannelOne(File.ReadAllBytes(hang.SavedTo!)));
    }

    [Fact]
    public void A_planted_unobserved_task_exception_is_reported_with_the_batch_that_caused_it()
    {
        string findings = NewFindingsDirectory();

        FuzzReport report = FuzzSession.Run(new PlantedUnobservedTarget(), DecoderCorpus, new FuzzSettings { Inputs = 5_000, Seed = 3, FindingsDirectory = findings });

        Assert.True(report.UnobservedExceptions > 0, report.ToString());
        Finding unobserved = report.Findings.First(f => f.Kind == FindingKind.UnobservedException);
        Assert.Contains("planted: nobody awaits this task", unobserved.Description);
        Assert.Contains(Directory.GetFiles(unobserved.SavedTo!, "*.bin"), file => HasHeartbeatOnChannelOne(File.ReadAllBytes(file)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_inputs_and_another_seed_others()
    {
        var first = new Mutator(11, DecoderCorpus, FrameLayout.Amqp091);
        var again = new Mutator(11, DecoderCorpus, FrameLayout.Amqp091);
        var other = new Mutator(12, DecoderCorpus, FrameLayout.Amqp091);
        byte[][] firstInputs = Enumerable.Range(0, 200).Select(_ => first.Next()).ToArray();

        Assert.All(firstInputs, input => Assert.Equal(input, again.Next()));
        Assert.NotEqual(firstInputs.Select(Convert.ToHexString), Enumerable.Range(0, 200).Select(_ => Convert.ToHexString(other.Next())));
    }

    [Theory]
    [InlineData("decoder")]
    [InlineData("connection")]
    [InlineData("amqp10-decoder")]
    [InlineData("amqp10-connection")]
    public void The_checked_in_corpus_is_what_the_seed_builders_write(string target)
    {
        IReadOnlyList<CorpusEntry> seeds = FuzzTargets.Find(target)!.CreateSeeds();
        string directory = Corpus.DefaultDirectory(target);

        Assert.Equal(seeds.Select(s => s.Name).Order(StringComparer.Ordinal), Directory.GetFiles(directory, "*.bin").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(seeds, seed => Assert.Equal(seed.Bytes, File.ReadAllBytes(Path.Combine(directory, seed.Name))));
    }

    [Fact]
    public void The_connection_oracle_reports_a_foreign_exception_the_runtime_logs()
    {
        var observer = new RuntimeObserver();
        Microsoft.Extensions.Logging.ILogger logger = observer;

        logger.Log(Microsoft.Extensions.Logging.LogLevel.Warning, new Microsoft.Extensions.Logging.EventId(2), "state", new AmqpProtocolException(501, "documented"), (s, _) => s);
        observer.ThrowIfAnyProblem();
        logger.Log(Microsoft.Extensions.Logging.LogLevel.Warning, new Microsoft.Extensions.Logging.EventId(2), "Dispatching deliveries failed", new NullReferenceException(), (s, _) => s);

        FuzzOracleException problem = Assert.Throws<FuzzOracleException>(observer.ThrowIfAnyProblem);
        Assert.Contains("NullReferenceException", problem.Message);
    }

    /// <summary>The seeds are traffic a working client takes in its stride: each ends where the broker ends it.</summary>
    [Fact]
    public async Task Every_connection_seed_keeps_the_connection_working_until_the_broker_ends_it()
    {
        int deliveries = 0;
        int confirmed = 0;
        foreach (CorpusEntry seed in new ConnectionTarget().CreateSeeds())
        {
            ScenarioOutcome outcome = await ConnectionScenario.RunAsync(seed.Bytes);

            bool closedByBroker = InputLayout.EndsWithClose(seed.Bytes) || seed.Name == "connection-close.bin";
            Assert.True(
                closedByBroker
                    ? outcome.Close is { ReplyCode: 320, Initiator: CloseInitiator.Broker }
                    : outcome.Close.Initiator == CloseInitiator.Library && outcome.Close.ReplyText.Contains("the broker closed the socket"),
                $"{seed.Name}: {outcome.Close}");
            deliveries += outcome.Deliveries;
            confirmed += outcome.Confirmed;
        }

        // The seeds do reach the consumer's handler and the confirms.
        Assert.True(deliveries >= 8, $"{deliveries} deliveries");
        Assert.True(confirmed >= 20, $"{confirmed} publishes confirmed");
    }

    [Fact]
    public void The_AMQP_1_0_frame_layout_finds_whole_frames_up_to_the_first_broken_one()
    {
        byte[] frames = new TypedAmqp.Fuzzing.Seeds.Amqp10Frames().Empty().Close(new Amqp10Close { Error = new Amqp10Error("amqp:internal-error") }).Empty().ToArray();
        var data = new List<byte> { 0 };
        data.AddRange(frames);

        Assert.True(FrameLayout.Amqp10.TryFindFrame(data, 1, out FrameSpan empty));
        Assert.Equal(new FrameSpan(1, 8, 8), empty);
        Assert.True(FrameLayout.Amqp10.TryFindFrame(data, 9, out FrameSpan close));
        Assert.Equal(frames.Length - 16, close.Length);
        Assert.True(FrameLayout.Amqp10.TryFindFrame(data, 9 + close.Length, out _));

        FrameLayout.Amqp10.SetSize(data, close, (uint)data.Count); // now claims more than the stream holds
        Assert.False(FrameLayout.Amqp10.TryFindFrame(data, 9, out _));
        data[1 + 4] = 1; // a data offset under 2 words
        Assert.False(FrameLayout.Amqp10.TryFindFrame(data, 1, out _));
    }

    /// <summary>
    /// The 1.0 seeds do what their names say: traffic a working client takes ends where the peer ends it, and each of
    /// the state machine's mistakes closes the connection with the protocol error for it.
    /// </summary>
    [Fact]
    public async Task Every_AMQP_1_0_connection_seed_ends_the_way_its_traffic_calls_for()
    {
        var mistakes = new Dictionary<string, string>
        {
            ["unknown-handle.bin"] = "amqp:session:unattached-handle",
            ["unknown-channel.bin"] = "amqp:illegal-state",
            ["transfer-on-sending-link.bin"] = "amqp:not-allowed",
            ["out-of-order.bin"] = "amqp:illegal-state",
        };
        int received = 0;
        int accepted = 0;
        foreach (CorpusEntry seed in new Amqp10ConnectionTarget().CreateSeeds())
        {
            Amqp10ScenarioOutcome outcome = await Amqp10ConnectionScenario.RunAsync(seed.Bytes);
            received += outcome.Received;
            accepted += outcome.Accepted;

            if (mistakes.TryGetValue(seed.Name, out string? condition))
            {
                Amqp10ProtocolException error = Assert.IsType<Amqp10ProtocolException>(outcome.Failure);
                Assert.Equal(condition, error.Condition);
                continue;
            }

            // Whether the client's top-ups reach the peer before its thirty deliveries is a race either ending may win.
            if (seed.Name == "deliveries-beyond-credit.bin" && outcome.Failure is Amqp10ProtocolException { Condition: "amqp:link:transfer-limit-exceeded" }) continue;

            Amqp10ClosedException closed = Assert.IsType<Amqp10ClosedException>(outcome.Failure);
            bool closedByPeer = InputLayout.EndsWithClose(seed.Bytes) || seed.Name == "close-with-error.bin";
            Assert.True(
                closedByPeer ? closed is { Scope: "connection", Condition: "amqp:connection:forced" } : closed.Message.Contains("closed the socket without a close frame"),
                $"{seed.Name}: {closed.Message}");
        }

        // The seeds do reach the receiver and the senders' outcomes.
        Assert.True(received >= 20, $"{received} deliveries received");
        Assert.True(accepted >= 20, $"{accepted} sends accepted");
    }
}
