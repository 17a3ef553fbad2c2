namespace TypedAmqp.Amqp10;

/// <summary>
/// A list, map or array opened by <see cref="Amqp10Writer"/>: where its header starts and what to restore when it
/// ends. The writer counts the elements written meanwhile and back-patches size and count (and shrinks the header to
/// the 8-bit form when both fit) in <c>End…</c>.
/// </summary>
internal readonly struct Amqp10Compound
{
    internal Amqp10Compound(int start, int contentStart, byte code, int parentCount, byte parentArrayCode, int depth, bool shrinkable)
    {
        Start = start;
        ContentStart = contentStart;
        Code = code;
        ParentCount = parentCount;
        ParentArrayCode = parentArrayCode;
        Depth = depth;
        Shrinkable = shrinkable;
    }

    /// <summary>The position of the constructor, or of the size field for an array element (no constructor).</summary>
    internal int Start { get; }

    /// <summary>The position just after the count field (for arrays, where the element constructor starts).</summary>
    internal int ContentStart { get; }

    /// <summary>The encoding of the header as reserved: list8/list32, map8/map32, array8/array32 (or list0 in an array).</summary>
    internal byte Code { get; }

    internal int ParentCount { get; }

    internal byte ParentArrayCode { get; }

    internal int Depth { get; }

    /// <summary>False inside an array, where the element constructor fixes the header width for every element.</summary>
    internal bool Shrinkable { get; }
}
