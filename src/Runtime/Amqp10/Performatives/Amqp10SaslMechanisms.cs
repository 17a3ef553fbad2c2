namespace TypedAmqp.Amqp10;

/// <summary>The sasl-mechanisms frame (part 5 section 5.3.3.1, 0x40): the mechanisms the server offers, in its order of preference.</summary>
internal sealed class Amqp10SaslMechanisms
{
    public required string[] Mechanisms { get; init; }

    public static Amqp10SaslMechanisms Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.SaslMechanisms);
        string[] mechanisms = Amqp10Fields.ReadSymbolsOrNull(ref f)
            ?? throw new Amqp10ProtocolException(Amqp10Conditions.InvalidField, "the sasl-mechanisms has no sasl-server-mechanisms, a mandatory field");
        return new Amqp10SaslMechanisms { Mechanisms = mechanisms };
    }

    public void Write(ref Amqp10Writer writer)
    {
        writer.WriteDescriptor(Amqp10Descriptors.SaslMechanisms);
        Amqp10Compound list = writer.BeginList();
        Amqp10Fields.WriteSymbolsOrNull(ref writer, Mechanisms);
        writer.EndList(list);
    }
}
