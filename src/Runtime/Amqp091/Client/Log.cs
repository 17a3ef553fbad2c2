using Microsoft.Extensions.Logging;

namespace TypedAmqp.Amqp091;

/// <summary>The runtime's log messages (LoggerMessage source generator: no formatting cost when disabled).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Connected to {Endpoint} (AMQP {Major}-{Minor}, frame_max {FrameMax}, channel_max {ChannelMax}, heartbeat {HeartbeatSeconds}s)")]
    public static partial void Connected(ILogger logger, string endpoint, byte major, byte minor, uint frameMax, ushort channelMax, int heartbeatSeconds);

    [LoggerMessage(2, LogLevel.Warning, "Connection to {Endpoint} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string endpoint, string reason, Exception? exception);

    [LoggerMessage(3, LogLevel.Information, "Connection to {Endpoint} closed by the application")]
    public static partial void ConnectionClosedByApplication(ILogger logger, string endpoint);

    [LoggerMessage(4, LogLevel.Warning, "Channel {Channel} closed by the broker: {Reason}")]
    public static partial void ChannelClosedByBroker(ILogger logger, ushort channel, string reason);

    [LoggerMessage(5, LogLevel.Warning, "The broker blocked the connection: {Reason}")]
    public static partial void Blocked(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Information, "The broker unblocked the connection")]
    public static partial void Unblocked(ILogger logger);

    [LoggerMessage(7, LogLevel.Error, "Protocol error on the connection to {Endpoint}; closing with {ReplyCode}")]
    public static partial void ProtocolError(ILogger logger, string endpoint, ushort replyCode, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "The broker cancelled consumer {ConsumerTag} on queue {Queue}")]
    public static partial void ConsumerCancelledByBroker(ILogger logger, string consumerTag, string queue);

    [LoggerMessage(9, LogLevel.Error, "Handler of consumer {ConsumerTag} failed on delivery {DeliveryTag}; the message is {Outcome}")]
    public static partial void HandlerFailed(ILogger logger, string consumerTag, ulong deliveryTag, string outcome, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "Handler of consumer {ConsumerTag} did not finish delivery {DeliveryTag}: its channel closed (connection lost or channel closed), so the message was not settled and the broker requeues it")]
    public static partial void ChannelClosedUnderHandler(ILogger logger, string consumerTag, ulong deliveryTag, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "Delivery {DeliveryTag} for unknown consumer {ConsumerTag} on channel {Channel} was rejected with requeue")]
    public static partial void DeliveryForUnknownConsumer(ILogger logger, ulong deliveryTag, string consumerTag, ushort channel);

    [LoggerMessage(11, LogLevel.Error, "An event handler for {Event} threw; the runtime ignores it")]
    public static partial void EventHandlerFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(12, LogLevel.Warning, "Message returned by the broker on channel {Channel}: {ReplyCode} {ReplyText} (exchange '{Exchange}', routing key '{RoutingKey}')")]
    public static partial void MessageReturned(ILogger logger, ushort channel, ushort replyCode, string replyText, string exchange, string routingKey);

    [LoggerMessage(13, LogLevel.Error, "A continuation run on the connection's continuation thread threw; the thread carries on")]
    public static partial void ContinuationFailed(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Debug, "A handler run on the connection's reader thread was still going on two watchdog looks {TickMilliseconds} ms apart; another thread reads the socket now")]
    public static partial void ReaderHandedOn(ILogger logger, double tickMilliseconds);

    [LoggerMessage(16, LogLevel.Warning, "Cannot connect to broker endpoint {Endpoint}, trying the next: {Reason}")]
    public static partial void EndpointUnreachable(ILogger logger, string endpoint, string reason);

    [LoggerMessage(17, LogLevel.Warning, "Cannot reach the broker at {Endpoint}; retrying in {DelaySeconds} s: {Reason}")]
    public static partial void ConnectRetry(ILogger logger, string endpoint, double delaySeconds, string reason);

    [LoggerMessage(18, LogLevel.Warning, "The connection to the broker was lost ({Reason}); recovering")]
    public static partial void ConnectionLost(ILogger logger, string reason);

    [LoggerMessage(19, LogLevel.Information, "Recovered the connection after {Attempts} attempt(s) in {ElapsedMilliseconds:0} ms; topology declared, consumers starting again")]
    public static partial void Recovered(ILogger logger, int attempts, double elapsedMilliseconds);

    [LoggerMessage(20, LogLevel.Warning, "Recovery attempt {Attempt} failed: {Reason}")]
    public static partial void RecoveryAttemptFailed(ILogger logger, int attempt, string reason);

    [LoggerMessage(21, LogLevel.Warning, "The consumer of {Queue} is not running (failure {Failures}), retrying: {Reason}")]
    public static partial void SubscriptionFailed(ILogger logger, string queue, int failures, string reason);

    [LoggerMessage(22, LogLevel.Warning, "The consumer of {Queue} did not finish its in-flight messages in time; the broker requeues them")]
    public static partial void SubscriptionStopTimedOut(ILogger logger, string queue);

    [LoggerMessage(23, LogLevel.Error, "A handler of the recovery event {Kind} failed")]
    public static partial void RecoveryEventHandlerFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(24, LogLevel.Warning, "Closed while {Count} publish(es) still waited for the broker's confirm; they fail")]
    public static partial void ConfirmsAbandoned(ILogger logger, int count);
}
