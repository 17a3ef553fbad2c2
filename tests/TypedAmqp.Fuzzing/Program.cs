using TypedAmqp.Fuzzing;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Targets;

FuzzCommandLine options;
try
{
    options = FuzzCommandLine.Parse(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(FuzzCommandLine.Usage);
    return 2;
}

if (options.WriteCorpus is { } corpusRoot)
{
    foreach (IFuzzTarget each in FuzzTargets.All)
    {
        IReadOnlyList<CorpusEntry> seeds = each.CreateSeeds();
        Corpus.Write(Path.Combine(corpusRoot, each.Name), seeds);
        Console.WriteLine($"{each.Name}: {seeds.Count} seeds written to {Path.Combine(corpusRoot, each.Name)}");
    }

    return 0;
}

if (options.Target is null || FuzzTargets.Find(options.Target) is not { } target)
{
    Console.Error.WriteLine($"Give --target {string.Join('|', FuzzTargets.All.Select(t => t.Name))}.");
    Console.Error.WriteLine(FuzzCommandLine.Usage);
    return 2;
}

var settings = new FuzzSettings
{
    Inputs = options.Inputs,
    Seed = options.Seed,
    TimeLimit = options.TimeLimit,
    HangTimeout = options.HangTimeout,
    FindingsDirectory = options.FindingsDirectory,
    Progress = Console.Out,
};

var reports = new List<FuzzReport>();
if (options.Replay is { } replay)
{
    string[] files = Directory.Exists(replay) ? Directory.GetFiles(replay, "*.bin").Order(StringComparer.Ordinal).ToArray() : [replay];
    foreach (string file in files)
    {
        FuzzReport report = FuzzSession.Replay(target, File.ReadAllBytes(file), settings with { FindingsDirectory = null });
        Console.WriteLine($"{file}: {(report.Clean ? "clean" : "FAILS")}");
        foreach (Finding finding in report.Findings) Console.WriteLine($"  {finding.Kind}: {finding.Description}");
        reports.Add(report);
    }
}
else
{
    IReadOnlyList<byte[]> corpus = Corpus.Load(options.CorpusDirectory ?? Corpus.DefaultDirectory(target.Name));
    Console.WriteLine($"[{target.Name}] {corpus.Count} corpus entries, seed {settings.Seed}, up to {settings.Inputs} inputs"
        + (settings.TimeLimit is { } limit ? $" or {limit.TotalMinutes:0.#} min" : string.Empty));
    FuzzReport report = FuzzSession.Run(target, corpus, settings);
    foreach (Finding finding in report.Findings.Take(10))
    {
        Console.WriteLine($"{finding.Kind} at input {finding.InputIndex}{(finding.SavedTo is null ? string.Empty : $" (saved to {finding.SavedTo})")}:");
        Console.WriteLine("  " + finding.Description.Split('\n', 2)[0]);
    }

    Console.WriteLine($"RESULT {report}");
    reports.Add(report);
}

return reports.All(r => r.Clean) ? 0 : 1;
