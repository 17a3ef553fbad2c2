namespace TypedAmqp.Amqp10;

/// <summary>The sasl-response frame (part 5 section 5.3.3.4, 0x43): the client's answer to a challenge.</summary>
internal sealed class Amqp10SaslResponse
{
    public required byte[] Response { get; init; }

    public static Amqp10SaslResponse Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.SaslResponse);
        Amqp10Fields.Require(ref f, "sasl-response", "response");
        return new Amqp10SaslResponse { Response = f.ReadBinary().ToArray() };
    }

    public void Write(ref Amqp10Writer writer)
    {
        writer.WriteDescriptor(Amqp10Descriptors.SaslResponse);
        Amqp10Compound list = writer.BeginList();
        writer.WriteBinary(Response);
        writer.EndList(list);
    }
}
