using System.Text.Json;
using TypedAmqp.Client;

namespace TypedAmqp.Messaging;

/// <summary>A request waiting for its reply, found by correlation id when a reply arrives.</summary>
internal abstract class PendingRequest : IConfirmObserver
{
    protected PendingRequest(AmqpChannel channel)
    {
        Channel = channel;
    }

    /// <summary>The channel the request went out on, whose consumer of direct reply-to receives the reply.</summary>
    public AmqpChannel Channel { get; }

    /// <summary>Completes the request with <paramref name="reply"/>. Runs on the reader thread: it only decodes and completes.</summary>
    public abstract void Complete(Delivery reply);

    /// <summary>Ends the wait with <paramref name="reason"/> (no reply can come any more); later outcomes are ignored.</summary>
    public abstract void Fail(Exception reason);

    public void OnConfirmOutcome(Exception? failure)
    {
        if (failure is not null) Fail(failure);
    }
}

/// <summary>
/// One typed request in flight. The reply completes it; so does the request's own confirm when the broker refuses the
/// request (returned because no queue took it, or nacked), so the requester learns that at once rather than at its
/// timeout. Nobody waits for a positive confirm: the reply is what the requester waits for, and it cannot arrive
/// before the request was routed. When the channel closes, the reply can no longer arrive and the request fails with
/// the channel's (or connection's) close exception.
/// </summary>
internal sealed class PendingRequest<TResponse> : PendingRequest
{
    private readonly TaskCompletionSource<TResponse> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _requestType;
    private readonly MessageDescriptor<TResponse> _responseDescriptor;

    public PendingRequest(AmqpChannel channel, string requestType, MessageDescriptor<TResponse> responseDescriptor)
        : base(channel)
    {
        _requestType = requestType;
        _responseDescriptor = responseDescriptor;
    }

    /// <summary>The response, or the reason there is none; its continuations run on the thread pool.</summary>
    public Task<TResponse> Reply => _reply.Task;

    public override void Complete(Delivery reply)
    {
        try
        {
            if (reply.Properties.Headers is { } headers && headers.TryGetValue(AmqpMessaging.ErrorHeader, out object? error))
            {
                _reply.TrySetException(new RequestFailedException(_requestType, error as string ?? "unknown error"));
            }
            else
            {
                _reply.TrySetResult(JsonMessageBody.Read(reply.Body, _responseDescriptor));
            }
        }
        catch (JsonException ex)
        {
            _reply.TrySetException(ex);
        }
    }

    public override void Fail(Exception reason) => _reply.TrySetException(reason);
}
