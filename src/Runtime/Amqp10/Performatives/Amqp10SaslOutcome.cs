namespace TypedAmqp.Amqp10;

/// <summary>The result of SASL authentication (part 5 section 5.3.3.6).</summary>
internal enum Amqp10SaslCode : byte
{
    Ok = 0,

    /// <summary>The credentials were refused.</summary>
    Auth = 1,

    /// <summary>A system error, of unknown permanence.</summary>
    Sys = 2,

    SysPerm = 3,

    SysTemp = 4,
}

/// <summary>The sasl-outcome frame (part 5 section 5.3.3.5, 0x44): whether authentication succeeded.</summary>
internal sealed class Amqp10SaslOutcome
{
    public required Amqp10SaslCode Code { get; init; }

    public byte[]? AdditionalData { get; init; }

    public static Amqp10SaslOutcome Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.SaslOutcome);
        Amqp10Fields.Require(ref f, "sasl-outcome", "code");
        var code = (Amqp10SaslCode)f.ReadUByte();
        return new Amqp10SaslOutcome { Code = code, AdditionalData = Amqp10Fields.ReadBinaryOrNull(ref f) };
    }

    public void Write(ref Amqp10Writer writer)
    {
        writer.WriteDescriptor(Amqp10Descriptors.SaslOutcome);
        Amqp10Compound list = writer.BeginList();
        writer.WriteUByte((byte)Code);
        if (AdditionalData is not null) writer.WriteBinary(AdditionalData);
        writer.EndList(list);
    }
}
