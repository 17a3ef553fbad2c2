namespace TypedAmqp.Amqp10;

/// <summary>
/// The error composite (part 2 section 2.8.14, descriptor 0x1d) that detach, end, close and the rejected outcome carry:
/// a condition symbol (<see cref="Amqp10Conditions"/> or a peer's own), a description and an info map.
/// </summary>
public sealed record Amqp10Error(string Condition, string? Description = null, Amqp10Value? Info = null)
{
    internal static Amqp10Error Read(ref Amqp10Reader reader)
    {
        Amqp10Reader fields = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Error);
        Amqp10Fields.Require(ref fields, "error", "condition");
        string condition = fields.ReadSymbol();
        string? description = Amqp10Fields.ReadStringOrNull(ref fields);
        Amqp10Value? info = Amqp10Fields.ReadMapOrNull(ref fields);
        return new Amqp10Error(condition, description, info);
    }

    internal static Amqp10Error? ReadOrNull(ref Amqp10Reader fields) => Amqp10Fields.Present(ref fields) ? Read(ref fields) : null;

    internal void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([true, Description is not null, Info is not null]);
        writer.WriteDescriptor(Amqp10Descriptors.Error);
        Amqp10Compound list = writer.BeginList();
        writer.WriteSymbol(Condition);
        if (count > 1) Amqp10Fields.WriteStringOrNull(ref writer, Description);
        if (count > 2) Amqp10Fields.WriteMapOrNull(ref writer, Info);
        writer.EndList(list);
    }

    internal static void WriteOrNull(ref Amqp10Writer writer, Amqp10Error? error)
    {
        if (error is null) writer.WriteNull();
        else error.Write(ref writer);
    }

    /// <summary>"amqp:not-found: no queue 'x'" for exception messages.</summary>
    public override string ToString() => Description is null ? Condition : $"{Condition}: {Description}";
}
