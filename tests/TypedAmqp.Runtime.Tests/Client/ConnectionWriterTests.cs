using System.Net;
using System.Net.Sockets;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;

namespace TypedAmqp.Tests.Client;

/// <summary>Who writes what the connection's writer is given, over a real socket (a caller writes only when the socket has room).</summary>
public sealed class ConnectionWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A stream over the socket that records which thread made each write.</summary>
    private sealed class RecordingStream(Stream inner) : Stream
    {
        private readonly List<string> _writers = [];

        public IReadOnlyList<string> Writers
        {
            get
            {
                lock (_writers) return [.. _writers];
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_writers) _writers.Add(Thread.CurrentThread.Name ?? "unnamed");
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static void AppendHeartbeat(ConnectionWriter writer)
    {
        using ConnectionWriter.WriteScope scope = writer.Acquire();
        FrameWriter.WriteHeartbeat(scope.Buffer);
    }

    [Fact]
    public async Task A_frame_appended_just_after_the_reader_wrote_what_it_held_is_written_by_the_appending_thread_not_the_writer_s()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        using Socket server = await listener.AcceptSocketAsync();
        var recorded = new RecordingStream(new NetworkStream(client, ownsSocket: false));
        var writer = new ConnectionWriter(new BlockingStreamWriter(recorded, client), _ => { }, TimeSpan.FromHours(1));
        writer.Start();

        const int RoundTrips = 5;
        var batch = new OutgoingBatch(writer, OutgoingBatchKind.Reader);
        var thread = new Thread(() =>
        {
            for (int i = 0; i < RoundTrips; i++)
            {
                Thread.Sleep(2); // the round trip's wait for the broker

                // A reader thread sends the acknowledgement it held after a read, on its own thread...
                batch.BindToThisThread();
                AppendHeartbeat(writer);
                writer.Send(batch);
                OutgoingBatch.UnbindThisThread();

                // ...and a moment later the application publishes again: a lone frame, not part of a burst.
                AppendHeartbeat(writer);
            }
        })
        { Name = "round-trip stand-in" };
        thread.Start();
        Assert.True(thread.Join(Timeout));

        var received = new byte[2 * RoundTrips * FrameConstants.Overhead];
        for (int read = 0; read < received.Length;) read += await server.ReceiveAsync(received.AsMemory(read)).AsTask().WaitAsync(Timeout);

        // The first round trip's code is compiled as it runs, which can take longer than the gap; the others are not.
        Assert.Equal(Enumerable.Repeat("round-trip stand-in", 2 * (RoundTrips - 1)), recorded.Writers.Skip(2));
        await writer.CompleteAsync();
    }
}
