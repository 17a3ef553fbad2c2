namespace TypedAmqp.Amqp10;

/// <summary>The end performative (part 2 section 2.7.8, 0x17): ends a session, with an error if it ends abnormally.</summary>
internal readonly struct Amqp10End
{
    public Amqp10Error? Error { get; init; }

    public static Amqp10End Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.End);
        return new Amqp10End { Error = Amqp10Error.ReadOrNull(ref f) };
    }

    public void Write(ref Amqp10Writer writer)
    {
        writer.WriteDescriptor(Amqp10Descriptors.End);
        Amqp10Compound list = writer.BeginList();
        if (Error is not null) Error.Write(ref writer);
        writer.EndList(list);
    }
}
