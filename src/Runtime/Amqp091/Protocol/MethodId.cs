namespace TypedAmqp.Amqp091.Protocol;

/// <summary>
/// Class and method ids of AMQP 0-9-1 and RabbitMQ's extensions, combined into one number
/// (class id in the high 16 bits) so a received method can be matched with a single switch.
/// </summary>
internal static class MethodId
{
    public static uint Of(ushort classId, ushort methodId) => ((uint)classId << 16) | methodId;
    public static ushort ClassOf(uint id) => (ushort)(id >> 16);
    public static ushort MethodOf(uint id) => (ushort)id;

    public const ushort ConnectionClass = 10;
    public const ushort ChannelClass = 20;
    public const ushort ExchangeClass = 40;
    public const ushort QueueClass = 50;
    public const ushort BasicClass = 60;
    public const ushort ConfirmClass = 85;
    public const ushort TxClass = 90;

    public const uint ConnectionStart = (10u << 16) | 10;
    public const uint ConnectionStartOk = (10u << 16) | 11;
    public const uint ConnectionSecure = (10u << 16) | 20;
    public const uint ConnectionSecureOk = (10u << 16) | 21;
    public const uint ConnectionTune = (10u << 16) | 30;
    public const uint ConnectionTuneOk = (10u << 16) | 31;
    public const uint ConnectionOpen = (10u << 16) | 40;
    public const uint ConnectionOpenOk = (10u << 16) | 41;
    public const uint ConnectionClose = (10u << 16) | 50;
    public const uint ConnectionCloseOk = (10u << 16) | 51;
    public const uint ConnectionBlocked = (10u << 16) | 60;
    public const uint ConnectionUnblocked = (10u << 16) | 61;
    public const uint ConnectionUpdateSecret = (10u << 16) | 70;
    public const uint ConnectionUpdateSecretOk = (10u << 16) | 71;

    public const uint ChannelOpen = (20u << 16) | 10;
    public const uint ChannelOpenOk = (20u << 16) | 11;
    public const uint ChannelFlow = (20u << 16) | 20;
    public const uint ChannelFlowOk = (20u << 16) | 21;
    public const uint ChannelClose = (20u << 16) | 40;
    public const uint ChannelCloseOk = (20u << 16) | 41;

    public const uint ExchangeDeclare = (40u << 16) | 10;
    public const uint ExchangeDeclareOk = (40u << 16) | 11;
    public const uint ExchangeDelete = (40u << 16) | 20;
    public const uint ExchangeDeleteOk = (40u << 16) | 21;
    public const uint ExchangeBind = (40u << 16) | 30;
    public const uint ExchangeBindOk = (40u << 16) | 31;
    public const uint ExchangeUnbind = (40u << 16) | 40;
    public const uint ExchangeUnbindOk = (40u << 16) | 51;

    public const uint QueueDeclare = (50u << 16) | 10;
    public const uint QueueDeclareOk = (50u << 16) | 11;
    public const uint QueueBind = (50u << 16) | 20;
    public const uint QueueBindOk = (50u << 16) | 21;
    public const uint QueuePurge = (50u << 16) | 30;
    public const uint QueuePurgeOk = (50u << 16) | 31;
    public const uint QueueDelete = (50u << 16) | 40;
    public const uint QueueDeleteOk = (50u << 16) | 41;
    public const uint QueueUnbind = (50u << 16) | 50;
    public const uint QueueUnbindOk = (50u << 16) | 51;

    public const uint BasicQos = (60u << 16) | 10;
    public const uint BasicQosOk = (60u << 16) | 11;
    public const uint BasicConsume = (60u << 16) | 20;
    public const uint BasicConsumeOk = (60u << 16) | 21;
    public const uint BasicCancel = (60u << 16) | 30;
    public const uint BasicCancelOk = (60u << 16) | 31;
    public const uint BasicPublish = (60u << 16) | 40;
    public const uint BasicReturn = (60u << 16) | 50;
    public const uint BasicDeliver = (60u << 16) | 60;
    public const uint BasicGet = (60u << 16) | 70;
    public const uint BasicGetOk = (60u << 16) | 71;
    public const uint BasicGetEmpty = (60u << 16) | 72;
    public const uint BasicAck = (60u << 16) | 80;
    public const uint BasicReject = (60u << 16) | 90;
    public const uint BasicRecoverAsync = (60u << 16) | 100;
    public const uint BasicRecover = (60u << 16) | 110;
    public const uint BasicRecoverOk = (60u << 16) | 111;
    public const uint BasicNack = (60u << 16) | 120;

    public const uint ConfirmSelect = (85u << 16) | 10;
    public const uint ConfirmSelectOk = (85u << 16) | 11;

    public const uint TxSelect = (90u << 16) | 10;
    public const uint TxSelectOk = (90u << 16) | 11;
    public const uint TxCommit = (90u << 16) | 20;
    public const uint TxCommitOk = (90u << 16) | 21;
    public const uint TxRollback = (90u << 16) | 30;
    public const uint TxRollbackOk = (90u << 16) | 31;

    /// <summary>Whether a method is followed by a content header and body frames.</summary>
    public static bool CarriesContent(uint id) =>
        id is BasicPublish or BasicReturn or BasicDeliver or BasicGetOk;

    /// <summary>A readable name such as "basic.deliver", for error messages and logs.</summary>
    public static string NameOf(uint id) => AmqpMethodNames.Of(ClassOf(id), MethodOf(id));
}
