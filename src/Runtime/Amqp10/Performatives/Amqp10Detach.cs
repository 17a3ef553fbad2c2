namespace TypedAmqp.Amqp10;

/// <summary>The detach performative (part 2 section 2.7.7, 0x16): detaches a link end, closing it when <see cref="Closed"/>.</summary>
internal readonly struct Amqp10Detach
{
    public uint Handle { get; init; }

    public bool? Closed { get; init; }

    public Amqp10Error? Error { get; init; }

    public static Amqp10Detach Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Detach);
        Amqp10Fields.Require(ref f, "detach", "handle");
        uint handle = f.ReadUInt();
        return new Amqp10Detach
        {
            Handle = handle,
            Closed = Amqp10Fields.ReadBooleanOrNull(ref f),
            Error = Amqp10Error.ReadOrNull(ref f),
        };
    }

    public void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([true, Closed.HasValue, Error is not null]);
        writer.WriteDescriptor(Amqp10Descriptors.Detach);
        Amqp10Compound list = writer.BeginList();
        writer.WriteUInt(Handle);
        if (count > 1) Amqp10Fields.WriteBooleanOrNull(ref writer, Closed);
        if (count > 2) Amqp10Error.WriteOrNull(ref writer, Error);
        writer.EndList(list);
    }
}
