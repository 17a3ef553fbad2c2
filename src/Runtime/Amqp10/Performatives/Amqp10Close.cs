namespace TypedAmqp.Amqp10;

/// <summary>The close performative (part 2 section 2.7.9, 0x18): closes the connection, with an error if it ends abnormally.</summary>
internal readonly struct Amqp10Close
{
    public Amqp10Error? Error { get; init; }

    public static Amqp10Close Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Close);
        return new Amqp10Close { Error = Amqp10Error.ReadOrNull(ref f) };
    }

    public void Write(ref Amqp10Writer writer)
    {
        writer.WriteDescriptor(Amqp10Descriptors.Close);
        Amqp10Compound list = writer.BeginList();
        if (Error is not null) Error.Write(ref writer);
        writer.EndList(list);
    }
}
