using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Hosting;

namespace TypedAmqp.Integration.Hosting;

/// <summary>
/// Unobserved task exceptions are reported process-wide, so the test that watches for them runs alone: another
/// test's garbage cannot be blamed on this one, nor this one's on another.
/// </summary>
[CollectionDefinition(nameof(HostStopTests), DisableParallelization = true)]
public sealed class HostStopCollection;

/// <summary>Stopping a host leaves nothing behind that the runtime reports later.</summary>
[Collection(nameof(HostStopTests))]
public sealed class HostStopTests
{
    [BrokerFact]
    public async Task Starting_and_stopping_a_host_leaves_no_unobserved_task_exception()
    {
        // Finalize whatever earlier tests left, so only what this test leaves is seen below.
        CollectGarbageAndFinalizers();
        var unobserved = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await StartAndStopHostAsync();
            CollectGarbageAndFinalizers();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        Assert.True(unobserved.IsEmpty, "unobserved task exceptions: " + string.Join(" | ", unobserved.Select(e => e.InnerException?.Message ?? e.Message)));
    }

    // Not inlined, so no local of the caller keeps the host's objects reachable during the collection.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task StartAndStopHostAsync()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = Broker.Uri,
            ["TypedAmqp:ClientName"] = "host-stop-tests",
        });
        builder.Services.AddTypedAmqp(builder.Configuration);
        using IHost host = builder.Build();
        await host.StartAsync();
        Assert.True(host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!.IsOpen);
        await host.StopAsync();
    }

    private static void CollectGarbageAndFinalizers()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
