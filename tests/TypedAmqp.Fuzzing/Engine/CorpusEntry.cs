namespace TypedAmqp.Fuzzing.Engine;

/// <summary>A seed input and the file name it is checked in under.</summary>
internal sealed record CorpusEntry(string Name, byte[] Bytes);
