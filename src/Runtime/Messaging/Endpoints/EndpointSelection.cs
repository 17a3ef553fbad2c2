namespace TypedAmqp.Messaging;

/// <summary>Which brokers a connect tries, and in what order: the same rules for both transports.</summary>
internal static class EndpointSelection
{
    /// <summary>
    /// The resolver's endpoints when there is a resolver (called at every connect), else the listed ones, else
    /// <paramref name="single"/>; shuffled when <paramref name="order"/> says so.
    /// </summary>
    /// <exception cref="InvalidOperationException">The resolver returned no endpoints.</exception>
    internal static async ValueTask<IReadOnlyList<AmqpEndpoint>> ToTryAsync(
        Func<CancellationToken, ValueTask<IReadOnlyList<AmqpEndpoint>>>? resolver, IEnumerable<AmqpEndpoint> listed, AmqpEndpoint single,
        EndpointOrder order, CancellationToken cancellationToken)
    {
        IReadOnlyList<AmqpEndpoint> endpoints;
        if (resolver is not null)
        {
            endpoints = await resolver(cancellationToken).ConfigureAwait(false);
            if (endpoints is null || endpoints.Count == 0) throw new InvalidOperationException("The EndpointResolver returned no endpoints to connect to.");
        }
        else
        {
            AmqpEndpoint[] copied = [.. listed];
            endpoints = copied.Length > 0 ? copied : [single];
        }

        if (order == EndpointOrder.Shuffled && endpoints.Count > 1)
        {
            AmqpEndpoint[] shuffled = [.. endpoints];
            Random.Shared.Shuffle(shuffled);
            return shuffled;
        }

        return endpoints;
    }
}
