namespace TypedAmqp.Amqp091.Protocol.Methods;

// Methods of the connection class (10) that the client sends. The server's connection methods are parsed
// where they are handled, in the connection's handshake and frame dispatch.

internal readonly struct ConnectionStartOk(IReadOnlyDictionary<string, object?> clientProperties, string mechanism, byte[] response, string locale) : IOutgoingMethod
{
    public uint Id => MethodId.ConnectionStartOk;
    public int MaxArgumentsSize => WireSize.Table(clientProperties) + WireSize.ShortString(mechanism) + 4 + response.Length + WireSize.ShortString(locale);

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteTable(clientProperties);
        writer.WriteShortString(mechanism);
        writer.WriteLongString(response);
        writer.WriteShortString(locale);
    }
}

internal readonly struct ConnectionSecureOk(byte[] response) : IOutgoingMethod
{
    public uint Id => MethodId.ConnectionSecureOk;
    public int MaxArgumentsSize => 4 + response.Length;
    public void WriteArguments(ref AmqpWriter writer) => writer.WriteLongString(response);
}

internal readonly struct ConnectionTuneOk(ushort channelMax, uint frameMax, ushort heartbeat) : IOutgoingMethod
{
    public uint Id => MethodId.ConnectionTuneOk;
    public int MaxArgumentsSize => 8;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(channelMax);
        writer.WriteLong(frameMax);
        writer.WriteShort(heartbeat);
    }
}

internal readonly struct ConnectionOpen(string virtualHost) : IOutgoingMethod
{
    public uint Id => MethodId.ConnectionOpen;
    public int MaxArgumentsSize => WireSize.ShortString(virtualHost) + 2;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShortString(virtualHost);
        writer.WriteShortString(string.Empty); // reserved-1 (capabilities)
        writer.WriteBit(false); // reserved-2 (insist)
    }
}

/// <summary>connection.close and channel.close share their arguments.</summary>
internal readonly struct CloseMethod(uint id, ushort replyCode, string replyText, ushort classId, ushort methodId) : IOutgoingMethod
{
    public uint Id => id;
    public int MaxArgumentsSize => 6 + WireSize.ShortString(replyText);

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(replyCode);
        writer.WriteShortString(replyText.Length > 200 ? replyText[..200] : replyText);
        writer.WriteShort(classId);
        writer.WriteShort(methodId);
    }

    /// <summary>Reads the arguments of a received connection.close or channel.close.</summary>
    public static CloseReason Read(ref AmqpReader reader)
    {
        ushort code = reader.ReadShort();
        string text = reader.ReadShortString();
        ushort classId = reader.ReadShort();
        ushort methodId = reader.ReadShort();
        return new CloseReason(code, text, classId, methodId, CloseInitiator.Broker);
    }
}

/// <summary>Any method without arguments: close-ok, unblocked, tx.select...</summary>
internal readonly struct EmptyMethod(uint id) : IOutgoingMethod
{
    public uint Id => id;
    public int MaxArgumentsSize => 0;
    public void WriteArguments(ref AmqpWriter writer) { }
}

internal readonly struct ConnectionUpdateSecret(byte[] newSecret, string reason) : IOutgoingMethod
{
    public uint Id => MethodId.ConnectionUpdateSecret;
    public int MaxArgumentsSize => 4 + newSecret.Length + WireSize.ShortString(reason);

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteLongString(newSecret);
        writer.WriteShortString(reason);
    }
}
