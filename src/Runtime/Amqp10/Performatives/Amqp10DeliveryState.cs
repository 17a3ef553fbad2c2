namespace TypedAmqp.Amqp10;

/// <summary>The delivery states of part 3 section 3.4: received (not an outcome) and the four outcomes.</summary>
public enum Amqp10DeliveryStateKind : byte
{
    /// <summary>Received: partly received (not an outcome; used to resume deliveries).</summary>
    Received,
    /// <summary>Accepted: the receiver processed the message.</summary>
    Accepted,
    /// <summary>Rejected: the message is invalid and is not delivered again; carries the error.</summary>
    Rejected,
    /// <summary>Released: not processed; the sender may deliver it again as if never sent.</summary>
    Released,
    /// <summary>Modified: not processed; delivered again with the changes it names (failed attempt, not here).</summary>
    Modified,
}

/// <summary>
/// A delivery state as transfer and disposition carry it (and a source's default-outcome): which one, and the fields of
/// the ones that have any. Accepted and released carry nothing, so reading them does not allocate.
/// </summary>
public readonly struct Amqp10DeliveryState
{
    private Amqp10DeliveryState(Amqp10DeliveryStateKind kind, uint sectionNumber = 0, ulong sectionOffset = 0, Amqp10Error? error = null,
        bool? deliveryFailed = null, bool? undeliverableHere = null, Amqp10Value? messageAnnotations = null)
    {
        Kind = kind;
        SectionNumber = sectionNumber;
        SectionOffset = sectionOffset;
        Error = error;
        DeliveryFailed = deliveryFailed;
        UndeliverableHere = undeliverableHere;
        MessageAnnotations = messageAnnotations;
    }

    /// <summary>The accepted outcome.</summary>
    public static Amqp10DeliveryState Accepted => new(Amqp10DeliveryStateKind.Accepted);

    /// <summary>The released outcome.</summary>
    public static Amqp10DeliveryState Released => new(Amqp10DeliveryStateKind.Released);

    /// <summary>The rejected outcome, with why (sent to the peer), if given.</summary>
    /// <param name="error">The condition and description; null for none.</param>
    /// <returns>The outcome.</returns>
    public static Amqp10DeliveryState Rejected(Amqp10Error? error = null) => new(Amqp10DeliveryStateKind.Rejected, error: error);

    /// <summary>The modified outcome.</summary>
    /// <param name="deliveryFailed">Whether this counts as a failed attempt (the delivery-count goes up).</param>
    /// <param name="undeliverableHere">Whether the message must not be delivered to this link again.</param>
    /// <param name="messageAnnotations">Annotations to merge into the message's (a map with symbol keys); null for none.</param>
    /// <returns>The outcome.</returns>
    public static Amqp10DeliveryState Modified(bool? deliveryFailed = null, bool? undeliverableHere = null, Amqp10Value? messageAnnotations = null) =>
        new(Amqp10DeliveryStateKind.Modified, deliveryFailed: deliveryFailed, undeliverableHere: undeliverableHere, messageAnnotations: messageAnnotations);

    /// <summary>The received state (not an outcome): how far a delivery got.</summary>
    /// <param name="sectionNumber">The section reached.</param>
    /// <param name="sectionOffset">The first octet of that section not received.</param>
    /// <returns>The state.</returns>
    public static Amqp10DeliveryState Received(uint sectionNumber, ulong sectionOffset) =>
        new(Amqp10DeliveryStateKind.Received, sectionNumber, sectionOffset);

    /// <summary>Which state this is.</summary>
    public Amqp10DeliveryStateKind Kind { get; }

    /// <summary>Received: the section the receiver has got to.</summary>
    public uint SectionNumber { get; }

    /// <summary>Received: the first octet of that section not yet received.</summary>
    public ulong SectionOffset { get; }

    /// <summary>Rejected: why, if the receiver said.</summary>
    public Amqp10Error? Error { get; }

    /// <summary>Modified: whether the delivery counts as a failed attempt (delivery-count goes up).</summary>
    public bool? DeliveryFailed { get; }

    /// <summary>Modified: whether this link must not deliver it again.</summary>
    public bool? UndeliverableHere { get; }

    /// <summary>Modified: annotations to merge into the message's.</summary>
    public Amqp10Value? MessageAnnotations { get; }

    /// <summary>Whether this is an outcome (anything but received), which settles a delivery for good.</summary>
    public bool IsOutcome => Kind != Amqp10DeliveryStateKind.Received;

    internal static Amqp10DeliveryState Read(ref Amqp10Reader reader)
    {
        long at = reader.Offset;
        Amqp10Reader peek = reader;
        ulong code = peek.ReadDescriptorCode();
        switch (code)
        {
            case Amqp10Descriptors.Accepted:
                Amqp10Fields.ReadComposite(ref reader, code);
                return Accepted;
            case Amqp10Descriptors.Released:
                Amqp10Fields.ReadComposite(ref reader, code);
                return Released;
            case Amqp10Descriptors.Rejected:
            {
                Amqp10Reader fields = Amqp10Fields.ReadComposite(ref reader, code);
                return Rejected(Amqp10Error.ReadOrNull(ref fields));
            }

            case Amqp10Descriptors.Modified:
            {
                Amqp10Reader fields = Amqp10Fields.ReadComposite(ref reader, code);
                bool? failed = Amqp10Fields.ReadBooleanOrNull(ref fields);
                bool? undeliverable = Amqp10Fields.ReadBooleanOrNull(ref fields);
                Amqp10Value? annotations = Amqp10Fields.ReadMapOrNull(ref fields);
                return Modified(failed, undeliverable, annotations);
            }

            case Amqp10Descriptors.Received:
            {
                Amqp10Reader fields = Amqp10Fields.ReadComposite(ref reader, code);
                Amqp10Fields.Require(ref fields, "received", "section-number");
                uint number = fields.ReadUInt();
                Amqp10Fields.Require(ref fields, "received", "section-offset");
                return Received(number, fields.ReadULong());
            }

            default:
                // Transactional states (declared, transactional-state) are not implemented.
                throw new Amqp10ProtocolException(Amqp10Conditions.NotImplemented, $"the delivery state with descriptor 0x{code:x} at offset {at} is not supported");
        }
    }

    internal static Amqp10DeliveryState? ReadOrNull(ref Amqp10Reader fields) => Amqp10Fields.Present(ref fields) ? Read(ref fields) : null;

    internal void Write(ref Amqp10Writer writer)
    {
        switch (Kind)
        {
            case Amqp10DeliveryStateKind.Accepted:
            case Amqp10DeliveryStateKind.Released:
                writer.WriteDescriptor(Kind == Amqp10DeliveryStateKind.Accepted ? Amqp10Descriptors.Accepted : Amqp10Descriptors.Released);
                writer.EndList(writer.BeginList());
                break;
            case Amqp10DeliveryStateKind.Rejected:
            {
                writer.WriteDescriptor(Amqp10Descriptors.Rejected);
                Amqp10Compound list = writer.BeginList();
                if (Error is not null) Error.Write(ref writer);
                writer.EndList(list);
                break;
            }

            case Amqp10DeliveryStateKind.Modified:
            {
                int count = Amqp10Fields.Count([DeliveryFailed.HasValue, UndeliverableHere.HasValue, MessageAnnotations.HasValue]);
                writer.WriteDescriptor(Amqp10Descriptors.Modified);
                Amqp10Compound list = writer.BeginList();
                if (count > 0) Amqp10Fields.WriteBooleanOrNull(ref writer, DeliveryFailed);
                if (count > 1) Amqp10Fields.WriteBooleanOrNull(ref writer, UndeliverableHere);
                if (count > 2) Amqp10Fields.WriteMapOrNull(ref writer, MessageAnnotations);
                writer.EndList(list);
                break;
            }

            case Amqp10DeliveryStateKind.Received:
            {
                writer.WriteDescriptor(Amqp10Descriptors.Received);
                Amqp10Compound list = writer.BeginList();
                writer.WriteUInt(SectionNumber);
                writer.WriteULong(SectionOffset);
                writer.EndList(list);
                break;
            }
        }
    }

    internal static void WriteOrNull(ref Amqp10Writer writer, Amqp10DeliveryState? state)
    {
        if (state is { } s) s.Write(ref writer);
        else writer.WriteNull();
    }

    /// <summary>"accepted", "rejected (amqp:...: why)", "modified (...)" and so on.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        Amqp10DeliveryStateKind.Rejected when Error is not null => $"rejected ({Error})",
        Amqp10DeliveryStateKind.Modified => $"modified (delivery-failed {DeliveryFailed?.ToString() ?? "unset"}, undeliverable-here {UndeliverableHere?.ToString() ?? "unset"})",
        Amqp10DeliveryStateKind.Received => $"received (section {SectionNumber}, offset {SectionOffset})",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
