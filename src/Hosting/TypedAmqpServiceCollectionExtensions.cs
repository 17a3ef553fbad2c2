using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>Adds TypedAmqp to a service collection.</summary>
public static class TypedAmqpServiceCollectionExtensions
{
    /// <summary>Adds TypedAmqp with settings from configuration (ConnectionStrings:amqp and the TypedAmqp section).</summary>
    public static TypedAmqpBuilder AddTypedAmqp(this IServiceCollection services, IConfiguration configuration, Action<TypedAmqpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        TypedAmqpOptions options = TypedAmqpOptions.FromConfiguration(configuration);
        configure?.Invoke(options);
        return services.AddTypedAmqp(options);
    }

    /// <summary>Adds TypedAmqp with explicit settings.</summary>
    public static TypedAmqpBuilder AddTypedAmqp(this IServiceCollection services, TypedAmqpOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _ = options.ToConnectionOptions(); // fail fast, with a clear message, on a missing or malformed URI
        var builder = new TypedAmqpBuilder(services);
        services.AddSingleton(options);
        services.AddSingleton(builder);
        services.AddSingleton<TypedAmqpRuntime>();
        services.AddSingleton<IMessagePublisher, CurrentMessagingPublisher>();
        services.AddSingleton<TypedAmqpHealthCheck>();
        services.AddHostedService<TypedAmqpHostedService>();
        return builder;
    }
}
