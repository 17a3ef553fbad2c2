namespace TypedAmqp.Fuzzing.Engine;

/// <summary>Seed inputs on disk: one <c>.bin</c> file per input, read in file-name order so a run is reproducible.</summary>
internal static class Corpus
{
    public static IReadOnlyList<byte[]> Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"No corpus at '{directory}'.");
        string[] files = Directory.GetFiles(directory, "*.bin");
        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(File.ReadAllBytes).ToArray();
    }

    public static void Write(string directory, IEnumerable<CorpusEntry> entries)
    {
        Directory.CreateDirectory(directory);
        foreach (string stale in Directory.GetFiles(directory, "*.bin")) File.Delete(stale);
        foreach (CorpusEntry entry in entries) File.WriteAllBytes(Path.Combine(directory, entry.Name), entry.Bytes);
    }

    /// <summary>Where the checked-in corpus of a target is copied beside the program.</summary>
    public static string DefaultDirectory(string target) => Path.Combine(AppContext.BaseDirectory, "Corpus", target);
}
