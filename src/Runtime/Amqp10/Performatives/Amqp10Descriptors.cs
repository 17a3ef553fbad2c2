namespace TypedAmqp.Amqp10;

/// <summary>
/// The numeric descriptors (domain 0x00000000, amqp) of the performatives, SASL frames, composite types and message
/// sections this engine reads and writes: part 2 section 2.7 and 2.8, part 3, part 5 section 5.3.3.
/// </summary>
internal static class Amqp10Descriptors
{
    public const ulong Open = 0x10;
    public const ulong Begin = 0x11;
    public const ulong Attach = 0x12;
    public const ulong Flow = 0x13;
    public const ulong Transfer = 0x14;
    public const ulong Disposition = 0x15;
    public const ulong Detach = 0x16;
    public const ulong End = 0x17;
    public const ulong Close = 0x18;

    public const ulong Error = 0x1d;

    public const ulong Received = 0x23;
    public const ulong Accepted = 0x24;
    public const ulong Rejected = 0x25;
    public const ulong Released = 0x26;
    public const ulong Modified = 0x27;
    public const ulong Source = 0x28;
    public const ulong Target = 0x29;

    public const ulong SaslMechanisms = 0x40;
    public const ulong SaslInit = 0x41;
    public const ulong SaslChallenge = 0x42;
    public const ulong SaslResponse = 0x43;
    public const ulong SaslOutcome = 0x44;

    public const ulong Header = 0x70;
    public const ulong DeliveryAnnotations = 0x71;
    public const ulong MessageAnnotations = 0x72;
    public const ulong Properties = 0x73;
    public const ulong ApplicationProperties = 0x74;
    public const ulong Data = 0x75;
    public const ulong AmqpSequence = 0x76;
    public const ulong AmqpValue = 0x77;
    public const ulong Footer = 0x78;

    /// <summary>The name of a performative or SASL frame for messages ("open", "sasl-outcome"), or its code in hex.</summary>
    public static string NameOf(ulong descriptor) => descriptor switch
    {
        Open => "open",
        Begin => "begin",
        Attach => "attach",
        Flow => "flow",
        Transfer => "transfer",
        Disposition => "disposition",
        Detach => "detach",
        End => "end",
        Close => "close",
        SaslMechanisms => "sasl-mechanisms",
        SaslInit => "sasl-init",
        SaslChallenge => "sasl-challenge",
        SaslResponse => "sasl-response",
        SaslOutcome => "sasl-outcome",
        _ => $"0x{descriptor:x}",
    };
}
