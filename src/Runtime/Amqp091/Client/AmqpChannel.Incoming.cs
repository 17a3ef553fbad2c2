using System.Buffers;
using System.Text;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

// Frames the read loop hands to this channel: methods, and the content (header + body frames) that follows
// basic.deliver, basic.return and basic.get-ok. Runs on the read loop only, so it never blocks or awaits.
public sealed partial class AmqpChannel
{
    /// <summary>RabbitMQ's own ceiling for a message body (max_message_size is at most 512 MiB).</summary>
    private const ulong MaxBodySize = 512UL * 1024 * 1024;

    private ContentState _contentState;
    private InboundMessage? _assembling;
    private uint _assemblingMethod;

    private enum ContentState
    {
        None,
        AwaitingHeader,
        AwaitingBody,
    }

    internal void HandleFrame(in Frame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Method:
                if (_contentState != ContentState.None)
                {
                    throw new AmqpProtocolException(
                        ReplyCode.UnexpectedFrame,
                        $"Unexpected frame: a method frame on channel {Number} while the content of {MethodId.NameOf(_assemblingMethod)} was still arriving.");
                }

                HandleMethod(frame.Payload);
                break;
            case FrameType.ContentHeader:
                if (_contentState != ContentState.AwaitingHeader)
                {
                    throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"Unexpected frame: a content header on channel {Number}, which has no content method pending.");
                }

                HandleContentHeader(frame.Payload);
                break;
            case FrameType.ContentBody:
                if (_contentState != ContentState.AwaitingBody)
                {
                    throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"Unexpected frame: a content body on channel {Number}, which has no content header pending.");
                }

                HandleContentBody(frame.Payload);
                break;
        }
    }

    private void HandleMethod(ReadOnlySequence<byte> payload)
    {
        var reader = new AmqpReader(payload);
        uint id = MethodId.Of(reader.ReadShort(), reader.ReadShort());

        // After channel.close only close and close-ok count (spec 2.2.4); content is read and dropped.
        bool closed = _closing || !IsOpen;
        switch (id)
        {
            case MethodId.ChannelClose:
                OnBrokerClose(ref reader);
                return;
            case MethodId.ChannelCloseOk:
                _closeOk.TrySetResult();
                _connection.RemoveChannel(this); // its number is free now, even if CloseAsync stopped waiting (see there)
                return;
            case MethodId.BasicDeliver:
                BeginDeliver(ref reader, closed);
                return;
            case MethodId.BasicReturn:
                BeginReturn(ref reader, closed);
                return;
            case MethodId.BasicGetOk:
                BeginGetOk(ref reader, closed);
                return;
            case MethodId.BasicAck:
            case MethodId.BasicNack:
            {
                ulong tag = reader.ReadLongLong();
                bool multiple = reader.ReadBit();
                if (_confirms is null)
                {
                    throw new AmqpProtocolException(ReplyCode.CommandInvalid, $"The broker sent {MethodId.NameOf(id)} on channel {Number}, which is not in confirm mode.");
                }

                _confirms.Acknowledge(tag, multiple, positive: id == MethodId.BasicAck);
                return;
            }
            case MethodId.BasicCancel:
                OnBrokerCancel(ref reader);
                return;
            case MethodId.ChannelFlow:
            {
                bool active = reader.ReadBit();
                if (!closed) Send(new ChannelFlow(MethodId.ChannelFlowOk, active));
                return;
            }
        }

        if (closed) return;
        CompleteRpc(id, ref reader);
    }

    private void CompleteRpc(uint id, ref AmqpReader reader)
    {
        PendingRpc? pending = Volatile.Read(ref _rpc);
        if (pending is null || !pending.Accepts(id))
        {
            ushort code = MethodId.NameOf(id).StartsWith("method ", StringComparison.Ordinal) ? ReplyCode.NotImplemented : ReplyCode.CommandInvalid;
            throw new AmqpProtocolException(code, $"Unexpected {MethodId.NameOf(id)} on channel {Number}: no request of the client is waiting for it.");
        }

        RpcReply reply;
        switch (id)
        {
            case MethodId.QueueDeclareOk:
                reply = new RpcReply(id, reader.ReadShortString(), reader.ReadLong(), reader.ReadLong());
                break;
            case MethodId.QueuePurgeOk:
            case MethodId.QueueDeleteOk:
                reply = new RpcReply(id, Count: reader.ReadLong());
                break;
            case MethodId.BasicConsumeOk:
            {
                string tag = reader.ReadShortString();
                if (pending.Consumer is { } consumer)
                {
                    // Register before any basic.deliver for this tag can be read.
                    consumer.OnConsumeOk(tag);
                    AddConsumer(consumer);
                }

                reply = new RpcReply(id, tag);
                break;
            }
            case MethodId.BasicCancelOk:
            {
                ReadOnlySequence<byte> tag = reader.ReadShortStringBytes();
                RemoveConsumer(tag.IsSingleSegment ? tag.FirstSpan : tag.ToArray())?.Stop(ConsumerStopReason.CancelledByClient);
                reply = new RpcReply(id);
                break;
            }
            default:
                reply = new RpcReply(id);
                break;
        }

        Interlocked.CompareExchange(ref _rpc, null, pending);
        pending.Completion.TrySetResult(reply);
    }

    private void OnBrokerClose(ref AmqpReader reader)
    {
        CloseReason reason = CloseMethod.Read(ref reader);
        try
        {
            using ConnectionWriter.WriteScope scope = _connection.Writer.Acquire();
            FrameWriter.WriteMethod(scope.Buffer, Number, new EmptyMethod(MethodId.ChannelCloseOk));
        }
        catch (AmqpException)
        {
            // Connection closing as well.
        }

        if (!_closing) Log.ChannelClosedByBroker(Logger, Number, reason.ToString());
        OnClosed(new AmqpChannelClosedException(Number, reason));
        _connection.RemoveChannel(this);
    }

    private void OnBrokerCancel(ref AmqpReader reader)
    {
        ReadOnlySequence<byte> tagBytes = reader.ReadShortStringBytes();
        bool noWait = reader.ReadBit();
        AmqpConsumer? consumer = RemoveConsumer(tagBytes.IsSingleSegment ? tagBytes.FirstSpan : tagBytes.ToArray());
        if (consumer is not null)
        {
            Log.ConsumerCancelledByBroker(Logger, consumer.ConsumerTag, consumer.Queue);
            consumer.Stop(ConsumerStopReason.CancelledByBroker);
        }

        if (!noWait && IsOpen && !_closing)
        {
            Send(new BasicCancelOk(Encoding.UTF8.GetString(tagBytes)));
        }
    }

    private void BeginDeliver(ref AmqpReader reader, bool discard)
    {
        ReadOnlySequence<byte> consumerTag = reader.ReadShortStringBytes();
        ulong deliveryTag = reader.ReadLongLong();
        bool redelivered = reader.ReadBit();
        ReadOnlySequence<byte> exchange = reader.ReadShortStringBytes();
        ReadOnlySequence<byte> routingKey = reader.ReadShortStringBytes();

        InboundMessage message = BeginContent(MethodId.BasicDeliver, exchange, routingKey, discard);
        message.DeliveryTag = deliveryTag;
        message.Redelivered = redelivered;
        message.Consumer = FindConsumer(consumerTag.IsSingleSegment ? consumerTag.FirstSpan : consumerTag.ToArray());
        if (message.Consumer is null && !discard)
        {
            Log.DeliveryForUnknownConsumer(Logger, deliveryTag, Encoding.UTF8.GetString(consumerTag), Number);
        }
    }

    private void BeginReturn(ref AmqpReader reader, bool discard)
    {
        ushort replyCode = reader.ReadShort();
        string replyText = reader.ReadShortString();
        ReadOnlySequence<byte> exchange = reader.ReadShortStringBytes();
        ReadOnlySequence<byte> routingKey = reader.ReadShortStringBytes();
        InboundMessage message = BeginContent(MethodId.BasicReturn, exchange, routingKey, discard);
        message.ReplyCode = replyCode;
        message.ReplyText = replyText;
    }

    private void BeginGetOk(ref AmqpReader reader, bool discard)
    {
        ulong deliveryTag = reader.ReadLongLong();
        bool redelivered = reader.ReadBit();
        ReadOnlySequence<byte> exchange = reader.ReadShortStringBytes();
        ReadOnlySequence<byte> routingKey = reader.ReadShortStringBytes();
        uint messageCount = reader.ReadLong();
        InboundMessage message = BeginContent(MethodId.BasicGetOk, exchange, routingKey, discard);
        message.DeliveryTag = deliveryTag;
        message.Redelivered = redelivered;
        message.MessageCount = messageCount;
    }

    private InboundMessage BeginContent(uint methodId, ReadOnlySequence<byte> exchange, ReadOnlySequence<byte> routingKey, bool discard)
    {
        InboundMessage message = RentMessage();
        message.Channel = this;
        message.SetAddress(exchange, routingKey);
        _assembling = message;
        _assemblingMethod = discard ? 0 : methodId;
        _contentState = ContentState.AwaitingHeader;
        return message;
    }

    private void HandleContentHeader(ReadOnlySequence<byte> payload)
    {
        var reader = new AmqpReader(payload);
        ushort classId = reader.ReadShort();
        reader.ReadShort(); // weight
        ulong bodySize = reader.ReadLongLong();
        if (classId != MethodId.BasicClass)
        {
            throw new AmqpProtocolException(ReplyCode.FrameError, $"Malformed frame: content header of class {classId} on channel {Number}; only basic (60) carries content.");
        }

        if (bodySize > MaxBodySize)
        {
            throw new AmqpProtocolException(ReplyCode.FrameError, $"Malformed frame: content header on channel {Number} announces a {bodySize}-byte body, over the {MaxBodySize}-byte limit.");
        }

        InboundMessage message = _assembling!;
        message.SetHeader(payload.Slice(reader.Consumed), (int)bodySize);
        _contentState = ContentState.AwaitingBody;
        if (bodySize == 0) CompleteContent();
    }

    private void HandleContentBody(ReadOnlySequence<byte> payload)
    {
        InboundMessage message = _assembling!;
        if (!message.AppendBody(payload))
        {
            throw new AmqpProtocolException(ReplyCode.FrameError, $"Malformed frame: body frames on channel {Number} exceed the {message.BodyLength} bytes announced by the content header.");
        }

        if (message.IsComplete) CompleteContent();
    }

    private void CompleteContent()
    {
        InboundMessage message = _assembling!;
        uint methodId = _assemblingMethod;
        _assembling = null;
        _assemblingMethod = 0;
        _contentState = ContentState.None;

        switch (methodId)
        {
            case MethodId.BasicDeliver:
                if (message.Consumer is { } consumer) consumer.Enqueue(message);
                else RejectUndeliverable(message);
                break;
            case MethodId.BasicReturn:
                RaiseReturned(message);
                Recycle(message);
                break;
            case MethodId.BasicGetOk:
                CompleteGet(message);
                Recycle(message);
                break;
            default:
                Recycle(message); // Arrived after channel.close: the broker requeues it.
                break;
        }
    }

    private void RaiseReturned(InboundMessage message)
    {
        string exchange = Encoding.UTF8.GetString(message.ExchangeUtf8);
        string routingKey = Encoding.UTF8.GetString(message.RoutingKeyUtf8);
        Log.MessageReturned(Logger, Number, message.ReplyCode, message.ReplyText ?? string.Empty, exchange, routingKey);
        var returnedProperties = ContentHeaderProperties.Of(message.EncodedProperties);
        Dictionary<string, object?>? headers = returnedProperties.Headers;
        if (_confirms is { } confirms && TryFindReturnedPublish(confirms, headers, returnedProperties.MessageId, out ulong publishSequence))
        {
            confirms.Fail(publishSequence, new PublishException(
                publishSequence, returned: true, message.ReplyCode, $"{message.ReplyText} (exchange '{exchange}', routing key '{routingKey}')"));
        }

        EventHandler<ReturnedMessage>? handler = MessageReturned;
        if (handler is null) return;
        BasicProperties properties = returnedProperties.ToBasicProperties();
        properties.Headers = headers is { Count: > 0 } ? headers : null;
        var returned = new ReturnedMessage(message.ReplyCode, message.ReplyText ?? string.Empty, exchange, routingKey, properties, message.Body.ToArray());
        try
        {
            handler(this, returned);
        }
        catch (Exception ex)
        {
            Log.EventHandlerFailed(Logger, nameof(MessageReturned), ex);
        }
    }

    /// <summary>
    /// The confirm sequence number of a returned publish: from its publish-sequence header (removed, as it is not the
    /// application's), or else by its generated message id (see WriteFrames).
    /// </summary>
    private static bool TryFindReturnedPublish(ConfirmTracker confirms, Dictionary<string, object?>? headers, string? messageId, out ulong publishSequence)
    {
        if (headers is not null && headers.Remove(ContentHeaderCodec.PublishSequenceHeaderName, out object? value) && value is long number)
        {
            publishSequence = (ulong)number;
            return true;
        }

        publishSequence = 0;
        return MessageIds.TryParse(messageId, out Guid returnKey) && confirms.TryFindReturned(returnKey, out publishSequence);
    }

    private void CompleteGet(InboundMessage message)
    {
        var result = new GetResult(
            this, message.DeliveryTag, message.Redelivered, Encoding.UTF8.GetString(message.ExchangeUtf8), Encoding.UTF8.GetString(message.RoutingKeyUtf8),
            message.MessageCount, ContentHeaderProperties.Of(message.EncodedProperties).ToBasicProperties(), message.Body.ToArray());
        PendingRpc? pending = Interlocked.Exchange(ref _rpc, null);
        pending?.Completion.TrySetResult(new RpcReply(MethodId.BasicGetOk, Message: result));
    }

    private void DiscardAssembling()
    {
        // Only the read loop assembles; after a close it simply drops what arrives, so this just resets the view.
        _contentState = ContentState.None;
        _assemblingMethod = 0;
        _assembling = null;
    }
}
