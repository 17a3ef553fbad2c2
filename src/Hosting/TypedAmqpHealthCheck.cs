using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TypedAmqp.Hosting;

/// <summary>Healthy while the connection is open and every consumer runs; degraded while the broker blocks publishing.</summary>
public sealed class TypedAmqpHealthCheck(TypedAmqpRuntime runtime) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        AmqpConnection? connection = runtime.Connection;
        if (connection is null) return Task.FromResult(HealthCheckResult.Unhealthy("TypedAmqp has not connected yet."));
        if (!connection.IsOpen) return Task.FromResult(HealthCheckResult.Unhealthy($"The connection to {connection.Endpoint} is closed: {connection.CloseReason}."));
        if (!runtime.IsStopping)
        {
            foreach ((ConsumerRegistration registration, AmqpConsumer consumer) in runtime.Consumers)
            {
                if (consumer.Stopped.IsCompleted)
                {
                    return Task.FromResult(HealthCheckResult.Unhealthy($"Consumer {registration.Name} on queue '{registration.Queue}' stopped: {consumer.Stopped.Result}."));
                }
            }
        }

        if (connection.IsBlocked) return Task.FromResult(HealthCheckResult.Degraded($"The broker at {connection.Endpoint} is blocking publishers (resource alarm)."));
        return Task.FromResult(HealthCheckResult.Healthy($"Connected to {connection.Endpoint} with {runtime.Consumers.Count} consumer(s)."));
    }
}
