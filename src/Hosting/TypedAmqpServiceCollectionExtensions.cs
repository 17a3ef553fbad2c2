using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// Adds TypedAmqp to a service collection. The settings are <see cref="IOptions{TOptions}"/> of
/// <see cref="TypedAmqpOptions"/>, validated when the host starts (a host with invalid settings does not start, and the
/// error names each problem); further <c>services.Configure&lt;TypedAmqpOptions&gt;(...)</c> calls apply as usual.
/// </summary>
public static class TypedAmqpServiceCollectionExtensions
{
    /// <summary>
    /// Adds TypedAmqp with settings from configuration (<c>ConnectionStrings:amqp</c> and the <c>TypedAmqp</c>
    /// section), then <paramref name="configure"/>. Configuration reloads apply where that is safe (see <see cref="TypedAmqpOptions"/>).
    /// </summary>
    public static TypedAmqpBuilder AddTypedAmqp(this IServiceCollection services, IConfiguration configuration, Action<TypedAmqpOptions>? configure = null) =>
        services.AddTypedAmqp(configuration, "amqp", configure);

    /// <summary>Adds TypedAmqp with explicit settings (copied when the options are built; later changes to the object are not seen).</summary>
    public static TypedAmqpBuilder AddTypedAmqp(this IServiceCollection services, TypedAmqpOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddOptions<TypedAmqpOptions>().Configure(built => built.CopyFrom(options));
        return AddCore(services);
    }

    internal static TypedAmqpBuilder AddTypedAmqp(this IServiceCollection services, IConfiguration configuration, string connectionName, Action<TypedAmqpOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        OptionsBuilder<TypedAmqpOptions> options = services.AddOptions<TypedAmqpOptions>().Configure(built => built.Bind(configuration, connectionName));
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(new RunningOptions.ReloadSource(configuration));
        return AddCore(services);
    }

    private static TypedAmqpBuilder AddCore(IServiceCollection services)
    {
        if (services.Any(service => service.ServiceType == typeof(TypedAmqpBuilder)))
        {
            throw new InvalidOperationException("AddTypedAmqp was called twice on this service collection; call it once and configure everything on the builder it returns.");
        }

        services.AddOptions<TypedAmqpOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TypedAmqpOptions>, TypedAmqpOptionsValidator>());
        var builder = new TypedAmqpBuilder(services);
        services.AddSingleton(builder);
        services.AddSingleton<RunningOptions>();
        services.AddSingleton<TypedAmqpRuntime>();
        services.TryAddSingleton<IMessagingTransportFactory, DefaultTransportFactory>();
        services.AddSingleton<IMessagePublisher, CurrentMessagingPublisher>();
        services.AddSingleton<TypedAmqpHealthCheck>();
        services.AddHostedService<TypedAmqpHostedService>();
        return builder;
    }
}
