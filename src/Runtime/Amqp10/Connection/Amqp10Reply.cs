namespace TypedAmqp.Amqp10;

/// <summary>What a received frame calls for once its state change is made: frames to write, or the connection's end.</summary>
/// <remarks>Decided under the state lock while the frame is read; written by the read loop afterwards, outside it.</remarks>
internal struct Amqp10Reply
{
    public (ushort Channel, Amqp10Flow Flow)? Flow;
    public (ushort Channel, Amqp10Disposition Disposition)? Settle;
    public (ushort Channel, Amqp10Detach Detach)? Detach;
    public ushort? End;
    public Amqp10Close? Close;
}
