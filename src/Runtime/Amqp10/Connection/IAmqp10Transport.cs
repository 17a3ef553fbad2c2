using System.IO.Pipelines;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The bytes under an <see cref="Amqp10Connection"/>: a socket in production (<see cref="Amqp10Transport"/>), an
/// in-memory pipe pair where tests and the fuzzer play the peer. Disposing ends a read or flush waiting on it.
/// </summary>
internal interface IAmqp10Transport : IAsyncDisposable
{
    PipeReader Input { get; }

    PipeWriter Output { get; }
}
