namespace TypedAmqp.Amqp10;

/// <summary>
/// The sasl-init frame (part 5 section 5.3.3.2, 0x41): the client's chosen mechanism and initial response. The
/// response may hold a password (PLAIN): this type has no <c>ToString</c> that shows it, and nothing logs it.
/// </summary>
internal sealed class Amqp10SaslInit
{
    public required string Mechanism { get; init; }

    public byte[]? InitialResponse { get; init; }

    public string? Hostname { get; init; }

    public static Amqp10SaslInit Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.SaslInit);
        Amqp10Fields.Require(ref f, "sasl-init", "mechanism");
        string mechanism = f.ReadSymbol();
        return new Amqp10SaslInit
        {
            Mechanism = mechanism,
            InitialResponse = Amqp10Fields.ReadBinaryOrNull(ref f),
            Hostname = Amqp10Fields.ReadStringOrNull(ref f),
        };
    }

    public void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([true, InitialResponse is not null, Hostname is not null]);
        writer.WriteDescriptor(Amqp10Descriptors.SaslInit);
        Amqp10Compound list = writer.BeginList();
        writer.WriteSymbol(Mechanism);
        if (count > 1) Amqp10Fields.WriteBinaryOrNull(ref writer, InitialResponse);
        if (count > 2) Amqp10Fields.WriteStringOrNull(ref writer, Hostname);
        writer.EndList(list);
    }
}
