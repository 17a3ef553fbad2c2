namespace TypedAmqp.Amqp10;

/// <summary>
/// The disposition performative (part 2 section 2.7.6, 0x15): the state or settlement of the deliveries with ids
/// <see cref="First"/> to <see cref="Last"/> (inclusive) on the sender's or the receiver's side.
/// </summary>
internal readonly struct Amqp10Disposition
{
    /// <summary>The role of the side sending the disposition.</summary>
    public Amqp10Role Role { get; init; }

    public uint First { get; init; }

    /// <summary>Absent means <see cref="First"/>.</summary>
    public uint? Last { get; init; }

    public bool? Settled { get; init; }

    public Amqp10DeliveryState? State { get; init; }

    public bool? Batchable { get; init; }

    public static Amqp10Disposition Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Disposition);
        Amqp10Fields.Require(ref f, "disposition", "role");
        Amqp10Role role = f.ReadBoolean() ? Amqp10Role.Receiver : Amqp10Role.Sender;
        Amqp10Fields.Require(ref f, "disposition", "first");
        uint first = f.ReadUInt();
        return new Amqp10Disposition
        {
            Role = role,
            First = first,
            Last = Amqp10Fields.ReadUIntOrNull(ref f),
            Settled = Amqp10Fields.ReadBooleanOrNull(ref f),
            State = Amqp10DeliveryState.ReadOrNull(ref f),
            Batchable = Amqp10Fields.ReadBooleanOrNull(ref f),
        };
    }

    public void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([true, true, Last.HasValue, Settled.HasValue, State.HasValue, Batchable.HasValue]);
        writer.WriteDescriptor(Amqp10Descriptors.Disposition);
        Amqp10Compound list = writer.BeginList();
        writer.WriteBoolean(Role == Amqp10Role.Receiver);
        writer.WriteUInt(First);
        if (count > 2) Amqp10Fields.WriteUIntOrNull(ref writer, Last);
        if (count > 3) Amqp10Fields.WriteBooleanOrNull(ref writer, Settled);
        if (count > 4) Amqp10DeliveryState.WriteOrNull(ref writer, State);
        if (count > 5) Amqp10Fields.WriteBooleanOrNull(ref writer, Batchable);
        writer.EndList(list);
    }
}
