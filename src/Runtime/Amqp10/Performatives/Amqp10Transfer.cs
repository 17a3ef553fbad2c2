namespace TypedAmqp.Amqp10;

/// <summary>
/// The transfer performative (part 2 section 2.7.5, 0x14): one frame of a delivery; its payload (part of the encoded
/// message) follows the performative in the same frame. A <c>ref struct</c> so the delivery tag can stay a span into
/// the frame: reading a transfer allocates nothing unless its state is rejected or modified with annotations.
/// </summary>
internal ref struct Amqp10Transfer
{
    public uint Handle { get; init; }

    /// <summary>Mandatory on a delivery's first transfer, may be omitted on the ones after.</summary>
    public uint? DeliveryId { get; init; }

    /// <summary>Mandatory on a delivery's first transfer (<see cref="HasDeliveryTag"/>).</summary>
    public ReadOnlySpan<byte> DeliveryTag { get; init; }

    public bool HasDeliveryTag { get; init; }

    /// <summary>0 for the AMQP message format of part 3 (the only one this engine sends).</summary>
    public uint? MessageFormat { get; init; }

    public bool? Settled { get; init; }

    /// <summary>True when more transfers of the same delivery follow.</summary>
    public bool? More { get; init; }

    public Amqp10ReceiverSettleMode? ReceiverSettleMode { get; init; }

    public Amqp10DeliveryState? State { get; init; }

    public bool? Resume { get; init; }

    public bool? Aborted { get; init; }

    public bool? Batchable { get; init; }

    public static Amqp10Transfer Read(scoped ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Transfer);
        Amqp10Fields.Require(ref f, "transfer", "handle");
        uint handle = f.ReadUInt();
        uint? deliveryId = Amqp10Fields.ReadUIntOrNull(ref f);
        bool hasTag = Amqp10Fields.Present(ref f);
        ReadOnlySpan<byte> tag = hasTag ? f.ReadBinary() : default;
        return new Amqp10Transfer
        {
            Handle = handle,
            DeliveryId = deliveryId,
            HasDeliveryTag = hasTag,
            DeliveryTag = tag,
            MessageFormat = Amqp10Fields.ReadUIntOrNull(ref f),
            Settled = Amqp10Fields.ReadBooleanOrNull(ref f),
            More = Amqp10Fields.ReadBooleanOrNull(ref f),
            ReceiverSettleMode = (Amqp10ReceiverSettleMode?)Amqp10Fields.ReadUByteOrNull(ref f),
            State = Amqp10DeliveryState.ReadOrNull(ref f),
            Resume = Amqp10Fields.ReadBooleanOrNull(ref f),
            Aborted = Amqp10Fields.ReadBooleanOrNull(ref f),
            Batchable = Amqp10Fields.ReadBooleanOrNull(ref f),
        };
    }

    public readonly void Write(scoped ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([
            true, DeliveryId.HasValue, HasDeliveryTag, MessageFormat.HasValue, Settled.HasValue, More.HasValue,
            ReceiverSettleMode.HasValue, State.HasValue, Resume.HasValue, Aborted.HasValue, Batchable.HasValue]);
        writer.WriteDescriptor(Amqp10Descriptors.Transfer);
        Amqp10Compound list = writer.BeginList();
        writer.WriteUInt(Handle);
        if (count > 1) Amqp10Fields.WriteUIntOrNull(ref writer, DeliveryId);
        if (count > 2)
        {
            if (HasDeliveryTag) writer.WriteBinary(DeliveryTag);
            else writer.WriteNull();
        }

        if (count > 3) Amqp10Fields.WriteUIntOrNull(ref writer, MessageFormat);
        if (count > 4) Amqp10Fields.WriteBooleanOrNull(ref writer, Settled);
        if (count > 5) Amqp10Fields.WriteBooleanOrNull(ref writer, More);
        if (count > 6) Amqp10Fields.WriteUByteOrNull(ref writer, (byte?)ReceiverSettleMode);
        if (count > 7) Amqp10DeliveryState.WriteOrNull(ref writer, State);
        if (count > 8) Amqp10Fields.WriteBooleanOrNull(ref writer, Resume);
        if (count > 9) Amqp10Fields.WriteBooleanOrNull(ref writer, Aborted);
        if (count > 10) Amqp10Fields.WriteBooleanOrNull(ref writer, Batchable);
        writer.EndList(list);
    }
}
