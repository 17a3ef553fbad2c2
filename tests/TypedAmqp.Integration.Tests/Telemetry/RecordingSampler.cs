using System.Collections.Concurrent;
using OpenTelemetry.Trace;

namespace TypedAmqp.Integration.Telemetry;

/// <summary>Samples everything, and keeps what each sampling decision was shown: the attributes a span had at creation.</summary>
internal sealed class RecordingSampler : Sampler
{
    public ConcurrentQueue<(System.Diagnostics.ActivityTraceId TraceId, string Name, Dictionary<string, object?> Tags)> Decisions { get; } = new();

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var tags = new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> tag in samplingParameters.Tags ?? []) tags[tag.Key] = tag.Value;
        Decisions.Enqueue((samplingParameters.TraceId, samplingParameters.Name, tags));
        return new SamplingResult(SamplingDecision.RecordAndSample);
    }
}
