using System.Buffers;

namespace TypedAmqp.Messaging;

/// <summary>
/// A copy of a publish's exchange and routing key in one array rented from the shared pool, for a publish that still
/// needs them after it has returned to its caller (a request waiting for its channel or timeout, a hosted publish
/// waiting for a recovery or sent again). The caller's bytes are only
/// valid until it returns: a generated publisher builds a templated key in RoutingKeyWriter's per-thread buffer, which
/// the next publish on that thread overwrites. Renting keeps the copy free of allocations; dispose it exactly once.
/// </summary>
internal readonly struct RentedAddress : IDisposable
{
    private readonly byte[] _buffer;
    private readonly int _exchangeLength;
    private readonly int _routingKeyLength;

    public RentedAddress(ReadOnlySpan<byte> exchangeUtf8, ReadOnlySpan<byte> routingKeyUtf8)
    {
        _exchangeLength = exchangeUtf8.Length;
        _routingKeyLength = routingKeyUtf8.Length;
        int length = _exchangeLength + _routingKeyLength;
        _buffer = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        exchangeUtf8.CopyTo(_buffer);
        routingKeyUtf8.CopyTo(_buffer.AsSpan(_exchangeLength));
    }

    public ReadOnlyMemory<byte> Exchange => _buffer.AsMemory(0, _exchangeLength);

    public ReadOnlyMemory<byte> RoutingKey => _buffer.AsMemory(_exchangeLength, _routingKeyLength);

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
    }
}
