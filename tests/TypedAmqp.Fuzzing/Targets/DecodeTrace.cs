using System.Text;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// A fingerprint of what decoding a stream produced (frames, values, errors), so two decodings of the same bytes can
/// be compared cheaply: cutting a stream into different reads must never change what it decodes to.
/// </summary>
internal sealed class DecodeTrace
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    private ulong _hash = FnvOffset;

    public int Frames { get; private set; }

    /// <summary>How decoding ended: "end", "needs more bytes", or the protocol error that stopped it.</summary>
    public string Outcome { get; private set; } = "running";

    public void AddFrame(byte type, ushort channel, long payloadLength)
    {
        Frames++;
        Add(type);
        Add(channel);
        Add(payloadLength);
    }

    public void Add(long value)
    {
        for (int i = 0; i < 8; i++)
        {
            _hash = (_hash ^ (byte)(value >> (8 * i))) * FnvPrime;
        }
    }

    public void Add(string? text)
    {
        if (text is null)
        {
            Add(-1);
            return;
        }

        Add(text.Length);
        foreach (char c in text) Add(c);
    }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        Add(bytes.Length);
        foreach (byte b in bytes) _hash = (_hash ^ b) * FnvPrime;
    }

    /// <summary>A value a decoder refused the documented way: only its message enters the fingerprint.</summary>
    public void AddRejection(AmqpProtocolException rejection) => Add(rejection.Message);

    public void End(string outcome) => Outcome = outcome;

    public bool SameAs(DecodeTrace other) => _hash == other._hash && Frames == other.Frames && Outcome == other.Outcome;

    public override string ToString() => new StringBuilder().Append(Frames).Append(" frames, fingerprint ").Append(_hash.ToString("X16"))
        .Append(", ").Append(Outcome).ToString();
}
