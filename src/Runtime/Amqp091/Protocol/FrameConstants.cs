namespace TypedAmqp.Amqp091.Protocol;

/// <summary>Sizes and markers of the AMQP 0-9-1 frame layout.</summary>
internal static class FrameConstants
{
    /// <summary>Type (1) + channel (2) + payload size (4).</summary>
    public const int HeaderSize = 7;

    /// <summary>The octet that must close every frame.</summary>
    public const byte FrameEnd = 0xCE;

    /// <summary>Header plus frame-end octet: what a frame costs beyond its payload.</summary>
    public const int Overhead = HeaderSize + 1;

    /// <summary>The smallest frame_max a peer may negotiate (spec: frame-min-size).</summary>
    public const uint MinFrameMax = 4096;

    /// <summary>What we ask for when the URI does not say: RabbitMQ's own default.</summary>
    public const uint DefaultFrameMax = 131072;

    /// <summary>The protocol header a client sends first: "AMQP" 0 0 9 1.</summary>
    public static ReadOnlySpan<byte> ProtocolHeader => "AMQP\0\0\u0009\u0001"u8;
}
