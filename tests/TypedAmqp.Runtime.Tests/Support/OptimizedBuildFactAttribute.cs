using System.Diagnostics;
using System.Reflection;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Tests.Support;

/// <summary>
/// A test that only means something against an optimized (Release) runtime: Debug builds compile async methods
/// into heap-allocated classes, so allocation counts there say nothing about what users run. eng/test.sh and CI
/// build Release, where these tests always run.
/// </summary>
public sealed class OptimizedBuildFactAttribute : FactAttribute
{
    public OptimizedBuildFactAttribute()
    {
        DebuggableAttribute? debuggable = typeof(AmqpConnection).Assembly.GetCustomAttribute<DebuggableAttribute>();
        if (debuggable?.IsJITOptimizerDisabled == true)
        {
            Skip = "Allocation guarantees apply to optimized builds; run with -c Release (as eng/test.sh does).";
        }
    }
}
