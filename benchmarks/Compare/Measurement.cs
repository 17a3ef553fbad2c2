namespace TypedAmqp.Compare;

/// <summary>One run of one scenario by one client.</summary>
internal sealed record Measurement(string Scenario, string Client, int Messages, double Seconds, double ClientCpuSeconds, long AllocatedBytes, double BrokerCpuSeconds, long ContextSwitches)
{
    /// <summary>For round-trip scenarios: the 50th and 99th percentile latency in microseconds.</summary>
    public (double P50, double P99)? Latency { get; init; }

    public double MessagesPerSecond => Messages / Seconds;
    public double ClientCpuMicrosecondsPerMessage => ClientCpuSeconds * 1e6 / Messages;
    public double AllocatedBytesPerMessage => (double)AllocatedBytes / Messages;
    public double ContextSwitchesPerMessage => (double)ContextSwitches / Messages;
    public double BrokerCpuMicrosecondsPerMessage => BrokerCpuSeconds * 1e6 / Messages;

    /// <summary>How many cores the broker kept busy on average during the run.</summary>
    public double BrokerCores => BrokerCpuSeconds / Seconds;
}
