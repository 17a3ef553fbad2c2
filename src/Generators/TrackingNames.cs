namespace TypedAmqp.Generators;

/// <summary>Names of the pipeline steps, for incrementality tests and diagnostics of the generator itself.</summary>
internal static class TrackingNames
{
    public const string Exchanges = nameof(Exchanges);
    public const string Queues = nameof(Queues);
    public const string ConsumerPlacement = nameof(ConsumerPlacement);
    public const string JsonContexts = nameof(JsonContexts);
    public const string ExternalExchanges = nameof(ExternalExchanges);
    public const string BrokerTarget = nameof(BrokerTarget);
    public const string Validation = nameof(Validation);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Publishers = nameof(Publishers);
    public const string Dispatchers = nameof(Dispatchers);
    public const string Topology = nameof(Topology);
    public const string HostingAvailable = nameof(HostingAvailable);
    public const string Registration = nameof(Registration);
}
