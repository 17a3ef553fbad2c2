using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// Healthy while the connection is open and every consumer is registered with the broker; unhealthy while the
/// connection is down or a consumer is not running (recovering or stopped); degraded while the broker blocks publishing.
/// </summary>
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
            foreach ((ConsumerRegistration registration, RecoveringSubscription consumer) in runtime.Consumers)
            {
                if (consumer.Stopped.IsCompleted)
                {
                    return Task.FromResult(HealthCheckResult.Unhealthy($"Consumer {registration.Name} on queue '{consumer.Queue}' stopped: {consumer.Stopped.Result}."));
                }

                if (consumer.State != SubscriptionState.Running)
                {
                    string reason = consumer.LastError?.Message ?? "its connection is being recovered";
                    return Task.FromResult(HealthCheckResult.Unhealthy($"Consumer {registration.Name} on queue '{consumer.Queue}' is not running and is being restarted: {reason}"));
                }
            }
        }

        if (connection.IsBlocked) return Task.FromResult(HealthCheckResult.Degraded($"The broker at {connection.Endpoint} is blocking publishers (resource alarm)."));
        return Task.FromResult(HealthCheckResult.Healthy($"Connected to {connection.Endpoint} with {runtime.Consumers.Count} consumer(s)."));
    }
}
