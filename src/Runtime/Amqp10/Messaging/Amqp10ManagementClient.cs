namespace TypedAmqp.Amqp10;

/// <summary>
/// RabbitMQ 4's management node over AMQP 1.0 ("HTTP over AMQP"): a sender and a receiver link to
/// <c>/management</c> with one name, both marked <c>paired</c> and sending settled. A request carries the HTTP method
/// as its subject, the resource path (<c>/queues/{name}</c>, <c>/exchanges/{name}</c>, <c>/bindings</c>) as its
/// <c>to</c>, <c>$me</c> as its reply-to and an amqp-value body (a map, or null); the response's subject is the status
/// code and its correlation id the request's message id. One request at a time: topology declaration is sequential
/// anyway, and it keeps matching trivial.
/// </summary>
internal sealed class Amqp10ManagementClient
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Amqp10SenderLink _requests;
    private readonly Amqp10ReceiverLink _responses;
    private ulong _nextId;

    private Amqp10ManagementClient(Amqp10Session session, Amqp10SenderLink requests, Amqp10ReceiverLink responses)
    {
        Session = session;
        _requests = requests;
        _responses = responses;
    }

    public Amqp10Session Session { get; }

    public static async Task<Amqp10ManagementClient> AttachAsync(Amqp10Connection connection, CancellationToken cancellationToken)
    {
        Amqp10Session session = await connection.BeginSessionAsync(cancellationToken).ConfigureAwait(false);
        string name = $"typedamqp-management-{Guid.NewGuid():N}";
        Amqp10Value paired = Amqp10Value.Map(Amqp10Value.Symbol("paired"), Amqp10Value.Boolean(true));
        // The receiver first: RabbitMQ ends the session when a response finds no credit, and the engine grants credit
        // from its read loop once the receiver's attach arrives, before it reads the sender's attach. Waiting for the
        // sender's attach therefore guarantees the credit went out before the first request.
        Amqp10ReceiverLink responses = await session.AttachReceiverAsync(name, Amqp10Addresses.Management, credit: 8, Amqp10SenderSettleMode.Settled, paired, cancellationToken).ConfigureAwait(false);
        Amqp10SenderLink requests = await session.AttachSenderAsync(name, Amqp10Addresses.Management, Amqp10SenderSettleMode.Settled, paired, cancellationToken).ConfigureAwait(false);
        return new Amqp10ManagementClient(session, requests, responses);
    }

    /// <summary>Sends one request and returns the status code and body of its response.</summary>
    public async Task<(string Status, Amqp10Value? Body)> RequestAsync(string method, string path, Amqp10Value? body, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ulong id = ++_nextId;
            var request = new Amqp10Message
            {
                Properties = new Amqp10Properties
                {
                    MessageId = Amqp10Value.ULong(id),
                    To = path,
                    Subject = method,
                    ReplyTo = "$me",
                },
                // Always a body section: RabbitMQ never settles a message without one (docs/amqp10.md).
                Value = body ?? Amqp10Value.Null,
            };
            await _requests.SendSettledAsync(request, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                Amqp10Delivery response = await _responses.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (!response.Settled) await _responses.AcceptAsync(response, cancellationToken).ConfigureAwait(false);
                Amqp10Properties? properties = response.Message.Properties;

                // A response to an earlier request that timed out on this side is skipped.
                if (properties?.CorrelationId is not { Type: Amqp10Type.ULong } correlation || correlation.AsUnsigned != id) continue;
                return (properties.Subject ?? "", response.Message.Value);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
