using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>Registers publishers, consumers and the topology of generated contracts; returned by <c>AddTypedAmqp</c>.</summary>
public sealed class TypedAmqpBuilder
{
    internal TypedAmqpBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    internal List<ConsumerRegistration> Consumers { get; } = [];

    internal List<TopologyDescription> Topologies { get; } = [];

    /// <summary>Declares (or verifies) this topology at start-up, before consumers start.</summary>
    public TypedAmqpBuilder AddTopology(TopologyDescription topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topologies.Add(topology);
        return this;
    }

    /// <summary>Makes a publisher contract injectable; <paramref name="create"/> is usually the generated <c>CreateXxxPublisher</c>.</summary>
    public TypedAmqpBuilder AddPublisher<TContract>(Func<IMessagePublisher, TContract> create) where TContract : class
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.AddSingleton(provider => create(provider.GetRequiredService<IMessagePublisher>()));
        return this;
    }

    /// <summary>
    /// Runs a consumer contract as part of the hosted service. Each delivery gets a new DI scope, from which the
    /// handler (<typeparamref name="THandler"/>, registered as scoped) is resolved; <paramref name="createDispatcher"/>
    /// is usually <c>(handler, logger, replies) =&gt; new XxxDispatcher(handler, logger, replies).HandleAsync</c>.
    /// </summary>
    public TypedAmqpBuilder AddConsumer<TContract, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        string queue, ushort prefetch, int concurrency, Func<TContract, ILogger, IMessagePublisher, Func<ReceivedMessage, CancellationToken, ValueTask>> createDispatcher)
        where TContract : class
        where THandler : class, TContract
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(createDispatcher);
        Services.AddScoped<TContract, THandler>();
        Consumers.Add(new ConsumerRegistration(typeof(TContract).Name, queue, prefetch, concurrency, async (services, logger, delivery, cancellationToken) =>
        {
            await using AsyncServiceScope scope = services.CreateAsyncScope();
            TContract handler = scope.ServiceProvider.GetRequiredService<TContract>();
            IMessagePublisher replies = scope.ServiceProvider.GetRequiredService<IMessagePublisher>();
            await createDispatcher(handler, logger, replies)(delivery, cancellationToken).ConfigureAwait(false);
        }));
        return this;
    }
}
