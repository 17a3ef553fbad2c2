namespace TypedAmqp.Amqp10;

/// <summary>A link end's role (part 2 section 2.8.1), encoded as a boolean: false for the sender, true for the receiver.</summary>
internal enum Amqp10Role : byte
{
    Sender = 0,
    Receiver = 1,
}
