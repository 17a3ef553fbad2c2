using Microsoft.Extensions.Diagnostics.HealthChecks;
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
        TransportStatus status = runtime.Transport?.Status ?? default;
        if (!status.HasConnected) return Task.FromResult(HealthCheckResult.Unhealthy("TypedAmqp has not connected yet."));
        if (!status.IsOpen) return Task.FromResult(HealthCheckResult.Unhealthy($"The connection to {status.Endpoint} is closed: {status.CloseReason}."));
        if (!runtime.IsStopping)
        {
            foreach ((ConsumerRegistration registration, IRecoveringSubscription consumer) in runtime.Consumers)
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

        if (status.IsBlocked) return Task.FromResult(HealthCheckResult.Degraded($"The broker at {status.Endpoint} is blocking publishers (resource alarm)."));
        return Task.FromResult(HealthCheckResult.Healthy($"Connected to {status.Endpoint} with {runtime.Consumers.Count} consumer(s)."));
    }
}
