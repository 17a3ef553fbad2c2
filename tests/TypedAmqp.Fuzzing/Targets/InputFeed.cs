using System.IO.Pipelines;
using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>How both connection targets' scripted peers send an input: its stream cut into its read size, then the end.</summary>
internal static class InputFeed
{
    /// <summary>
    /// Writes the input's stream to the client in reads of its read size (stopping early once the client no longer
    /// reads: it closed the connection), then <paramref name="finalClose"/> when the input asks for it, then ends the
    /// stream. Either ending tells whether the client kept working: the end of the stream alone lets it handle the last
    /// read before it closes; a close in that read would stop its consumers first.
    /// </summary>
    public static async Task WriteAsync(PipeWriter toClient, byte[] input, byte[] finalClose, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> stream = InputLayout.Stream(input);
        int readSize = InputLayout.ReadSize(input);
        if (readSize == 0) readSize = Math.Max(stream.Length, 1);
        for (int offset = 0; offset < stream.Length; offset += readSize)
        {
            FlushResult flushed = await toClient.WriteAsync(stream.Slice(offset, Math.Min(readSize, stream.Length - offset)), cancellationToken);
            if (flushed.IsCompleted) break;
        }

        if (InputLayout.EndsWithClose(input)) await toClient.WriteAsync(finalClose, cancellationToken);
        await toClient.CompleteAsync();
    }
}
