namespace TypedAmqp.Amqp10;

/// <summary>How a sender settles deliveries (part 2 section 2.8.2), the ubyte of attach's snd-settle-mode.</summary>
public enum Amqp10SenderSettleMode : byte
{
    /// <summary>Every delivery is sent unsettled: the receiver's disposition settles it.</summary>
    Unsettled = 0,

    /// <summary>Every delivery is sent settled (at most once).</summary>
    Settled = 1,

    /// <summary>The sender chooses per delivery (the default).</summary>
    Mixed = 2,
}

/// <summary>How a receiver settles deliveries (part 2 section 2.8.3), the ubyte of attach's rcv-settle-mode.</summary>
public enum Amqp10ReceiverSettleMode : byte
{
    /// <summary>The receiver settles first, with its outcome (the default).</summary>
    First = 0,

    /// <summary>The receiver settles only after the sender has settled.</summary>
    Second = 1,
}
