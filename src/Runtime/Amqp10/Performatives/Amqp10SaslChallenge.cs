namespace TypedAmqp.Amqp10;

/// <summary>The sasl-challenge frame (part 5 section 5.3.3.3, 0x42): the server's challenge.</summary>
internal sealed class Amqp10SaslChallenge
{
    public required byte[] Challenge { get; init; }

    public static Amqp10SaslChallenge Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.SaslChallenge);
        Amqp10Fields.Require(ref f, "sasl-challenge", "challenge");
        return new Amqp10SaslChallenge { Challenge = f.ReadBinary().ToArray() };
    }

    public void Write(ref Amqp10Writer writer)
    {
        writer.WriteDescriptor(Amqp10Descriptors.SaslChallenge);
        Amqp10Compound list = writer.BeginList();
        writer.WriteBinary(Challenge);
        writer.EndList(list);
    }
}
