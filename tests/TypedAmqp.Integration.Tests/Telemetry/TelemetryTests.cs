using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Integration.Typed;
using TypedAmqp.Messaging;
using TypedAmqp.Observability;

namespace TypedAmqp.Integration.Telemetry;

/// <summary>
/// Spans and metrics as an OpenTelemetry pipeline receives them (the SDK with its in-memory exporters), for a request,
/// its processing and its reply over the broker: names, kinds, every attribute's value, the parent links carried by
/// the traceparent header, and the four convention metrics with their attributes. IQuotes is used by no other test,
/// so the metric points of its destinations count this test's messages alone.
/// </summary>
public sealed class TelemetryTests
{
    private const string Queue = "typedamqp.it.quotes.requests";
    private const string Template = "typedamqp.it.quotes:quote.{Region}";
    private const string ProcessTemplate = "typedamqp.it.quotes:quote.{Region}:typedamqp.it.quotes.requests";

    private static readonly ActivitySource Caller = new("TypedAmqp.Integration.Telemetry");

    private sealed class QuoteService : IQuoteService
    {
        public ValueTask<Quote> Handle(QuoteRequest request, CancellationToken cancellationToken) =>
            request.Sku == "broken"
                ? throw new InvalidOperationException("no quote for 'broken'")
                : ValueTask.FromResult(new Quote(request.Sku, 5m));
    }

    [BrokerFact]
    public async Task A_request_its_processing_and_its_reply_follow_the_messaging_conventions()
    {
        var spans = new LockedCollection<Activity>();
        var metrics = new LockedCollection<MetricSnapshot>();
        var sampler = new RecordingSampler();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TypedAmqpTelemetry.Name, Caller.Name).SetSampler(sampler).AddInMemoryExporter(spans).Build()!;
        using MeterProvider meters = Sdk.CreateMeterProviderBuilder().AddMeter(TypedAmqpTelemetry.Name).AddInMemoryExporter(metrics).Build()!;

        AmqpConnectionOptions broker = Broker.Options();
        await using AmqpConnection connection = await Broker.ConnectAsync("telemetry-tests");
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        await using IMessageSubscription responder = await messaging.StartQuoteServiceAsync(new QuoteService());
        IQuotes quotes = messaging.CreateQuotesPublisher();

        var request = new QuoteRequest("eu", "sku-1");
        ActivityTraceId answeredTrace;
        using (Activity caller = Caller.StartActivity("caller")!)
        {
            answeredTrace = caller.TraceId;
            Assert.Equal(new Quote("sku-1", 5m), await quotes.GetQuote(request, new PublishOptions { MessageId = "quote-answered" }));
        }

        ActivityTraceId failedTrace;
        using (Activity caller = Caller.StartActivity("caller")!)
        {
            failedTrace = caller.TraceId;
            await Assert.ThrowsAsync<RequestFailedException>(async () => await quotes.GetQuote(new QuoteRequest("us", "broken"), new PublishOptions { MessageId = "quote-failed" }));
        }

        // The answered trace: caller → publish (request) → process (responder) → publish (reply).
        Activity[] answered = await SpansOfTraceAsync(spans, answeredTrace, expected: 4);
        Activity root = Assert.Single(answered, s => s.DisplayName == "caller");
        Activity publish = Assert.Single(answered, s => s.ParentSpanId == root.SpanId);
        Activity process = Assert.Single(answered, s => s.ParentSpanId == publish.SpanId);
        Activity reply = Assert.Single(answered, s => s.ParentSpanId == process.SpanId);

        string correlationId = Assert.IsType<string>(publish.GetTagItem(MessagingAttributes.ConversationId));
        Assert.Matches("^[0-9a-f]{32}$", correlationId);
        Assert.Equal($"publish {Template}", publish.DisplayName);
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal(ActivityStatusCode.Unset, publish.Status);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["messaging.system"] = "rabbitmq",
                ["messaging.operation.type"] = "send",
                ["messaging.operation.name"] = "publish",
                ["messaging.destination.name"] = "typedamqp.it.quotes:quote.eu",
                ["messaging.destination.template"] = Template,
                ["messaging.rabbitmq.destination.routing_key"] = "quote.eu",
                ["messaging.message.id"] = "quote-answered",
                ["messaging.message.conversation_id"] = correlationId,
                ["messaging.message.body.size"] = JsonSerializer.SerializeToUtf8Bytes(request, IntegrationJson.Default.QuoteRequest).Length,
                ["server.address"] = broker.Host,
                ["server.port"] = broker.EffectivePort,
                ["typedamqp.message.type"] = "it.quote-request",
            },
            TagsOf(publish));

        long deliveryTag = Assert.IsType<long>(process.GetTagItem(MessagingAttributes.DeliveryTag));
        Assert.True(deliveryTag > 0);
        Assert.Equal($"process {ProcessTemplate}", process.DisplayName);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(ActivityStatusCode.Unset, process.Status);
        Assert.Equal(publish.TraceId, process.TraceId);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["messaging.system"] = "rabbitmq",
                ["messaging.operation.type"] = "process",
                ["messaging.operation.name"] = "process",
                ["messaging.destination.name"] = "typedamqp.it.quotes:quote.eu:typedamqp.it.quotes.requests",
                ["messaging.destination.template"] = ProcessTemplate,
                ["messaging.destination.subscription.name"] = Queue,
                ["messaging.rabbitmq.destination.routing_key"] = "quote.eu",
                ["messaging.rabbitmq.message.delivery_tag"] = deliveryTag,
                ["messaging.message.id"] = "quote-answered",
                ["messaging.message.conversation_id"] = correlationId,
                ["messaging.message.body.size"] = JsonSerializer.SerializeToUtf8Bytes(request, IntegrationJson.Default.QuoteRequest).Length,
                ["server.address"] = broker.Host,
                ["server.port"] = broker.EffectivePort,
                ["typedamqp.message.type"] = "it.quote-request",
            },
            TagsOf(process));

        // The reply goes to the requester's direct reply-to address: temporary and anonymous, so the span name has no
        // destination and the metrics no destination attribute.
        string replyTo = Assert.IsType<string>(reply.GetTagItem(MessagingAttributes.DestinationName));
        Assert.StartsWith("amq.rabbitmq.reply-to.", replyTo);
        string replyId = Assert.IsType<string>(reply.GetTagItem(MessagingAttributes.MessageId));
        Assert.Equal("publish", reply.DisplayName);
        Assert.Equal(ActivityKind.Producer, reply.Kind);
        Assert.Equal(ActivityStatusCode.Unset, reply.Status);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["messaging.system"] = "rabbitmq",
                ["messaging.operation.type"] = "send",
                ["messaging.operation.name"] = "publish",
                ["messaging.destination.name"] = replyTo,
                ["messaging.destination.temporary"] = true,
                ["messaging.destination.anonymous"] = true,
                ["messaging.rabbitmq.destination.routing_key"] = replyTo,
                ["messaging.message.id"] = replyId,
                ["messaging.message.conversation_id"] = correlationId,
                ["messaging.message.body.size"] = Assert.IsType<int>(reply.GetTagItem(MessagingAttributes.BodySize)),
                ["server.address"] = broker.Host,
                ["server.port"] = broker.EffectivePort,
                ["typedamqp.message.type"] = "it.quote",
            },
            TagsOf(reply));
        Assert.True((int)reply.GetTagItem(MessagingAttributes.BodySize)! > 2);

        // Every attribute of these spans was there when the sampler decided.
        foreach (Activity span in new[] { publish, process, reply })
        {
            Assert.Equal(TagsOf(span), Assert.Single(sampler.Decisions, d => d.TraceId == answeredTrace && d.Name == span.DisplayName).Tags);
        }

        // The failed trace: the handler threw, so the process span has error.type and an error status; the request and
        // the error reply were sent fine.
        Activity[] failed = await SpansOfTraceAsync(spans, failedTrace, expected: 4);
        Activity failedRoot = Assert.Single(failed, s => s.DisplayName == "caller");
        Activity failedPublish = Assert.Single(failed, s => s.ParentSpanId == failedRoot.SpanId);
        Activity failedProcess = Assert.Single(failed, s => s.ParentSpanId == failedPublish.SpanId);
        Activity errorReply = Assert.Single(failed, s => s.ParentSpanId == failedProcess.SpanId);
        Assert.Equal($"publish {Template}", failedPublish.DisplayName);
        Assert.Null(failedPublish.GetTagItem(MessagingAttributes.ErrorType));
        Assert.Equal($"process {ProcessTemplate}", failedProcess.DisplayName);
        Assert.Equal("typedamqp.it.quotes:quote.us:typedamqp.it.quotes.requests", failedProcess.GetTagItem(MessagingAttributes.DestinationName));
        Assert.Equal(ActivityStatusCode.Error, failedProcess.Status);
        Assert.Equal("no quote for 'broken'", failedProcess.StatusDescription);
        Assert.Equal("System.InvalidOperationException", failedProcess.GetTagItem(MessagingAttributes.ErrorType));
        Assert.Equal("quote-failed", failedProcess.GetTagItem(MessagingAttributes.MessageId));
        Assert.DoesNotContain(MessagingAttributes.ErrorType, Assert.Single(sampler.Decisions, d => d.TraceId == failedTrace && d.Name == failedProcess.DisplayName).Tags.Keys);
        Assert.Equal("publish", errorReply.DisplayName);
        Assert.Null(errorReply.GetTagItem(MessagingAttributes.ErrorType));

        // Metrics: low-cardinality attributes only (the templates, never the routing key's values; the queue on the
        // consumer side), error.type only on the failed processing.
        var server = new Dictionary<string, object?> { ["messaging.system"] = "rabbitmq", ["server.address"] = broker.Host, ["server.port"] = broker.EffectivePort };
        var sentTags = With(server, ("messaging.operation.name", "publish"), ("messaging.destination.template", Template));
        var consumedTags = With(server, ("messaging.operation.name", "process"), ("messaging.destination.subscription.name", Queue), ("messaging.destination.template", ProcessTemplate));
        var processTags = With(consumedTags, ("messaging.operation.type", "process"));
        var failedProcessTags = With(processTags, ("error.type", "System.InvalidOperationException"));
        MetricSnapshot[] latest = await MetricsWhenAsync(meters, metrics, snapshot =>
            HistogramCount(snapshot, TypedAmqpTelemetry.InstrumentNames.ProcessDuration, processTags) == 1
            && HistogramCount(snapshot, TypedAmqpTelemetry.InstrumentNames.ProcessDuration, failedProcessTags) == 1);

        Assert.Equal(2, Sum(latest, "messaging.client.sent.messages", sentTags));
        Assert.True(Sum(latest, "messaging.client.sent.messages", With(server, ("messaging.operation.name", "publish"))) >= 2, "the two replies are counted, without a destination");
        Assert.Equal(2, HistogramCount(latest, "messaging.client.operation.duration", With(sentTags, ("messaging.operation.type", "send"))));
        Assert.Equal(2, Sum(latest, "messaging.client.consumed.messages", consumedTags));
        Assert.Equal(1, HistogramCount(latest, "messaging.process.duration", processTags));
        Assert.Equal(1, HistogramCount(latest, "messaging.process.duration", failedProcessTags));
        Assert.Equal("s", Assert.Single(latest, m => m.Name == "messaging.process.duration").Unit);
        Assert.Equal(
            [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, double.PositiveInfinity],
            BucketBounds(Assert.Single(PointsWith(latest, "messaging.process.duration", processTags)))); // the conventions' advice
        Assert.Equal("{message}", Assert.Single(latest, m => m.Name == "messaging.client.sent.messages").Unit);
        Assert.True(Sum(latest, "typedamqp.client.connections", new() { ["typedamqp.connection.state"] = "open" }) >= 1, "this test's connection is open");
        Assert.Single(PointsWith(latest, "typedamqp.client.connections", new() { ["typedamqp.connection.state"] = "blocked" }));
        Assert.Contains(latest, m => m.Name == "typedamqp.client.confirms.in_flight" && m.MetricType == MetricType.LongSumNonMonotonic);
    }

    [BrokerFact]
    public async Task A_publish_the_broker_returns_ends_with_error_type_returned_on_its_span_and_its_metrics()
    {
        var spans = new LockedCollection<Activity>();
        var metrics = new LockedCollection<MetricSnapshot>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(TypedAmqpTelemetry.Name, Caller.Name).AddInMemoryExporter(spans).Build()!;
        using MeterProvider meters = Sdk.CreateMeterProviderBuilder().AddMeter(TypedAmqpTelemetry.Name).AddInMemoryExporter(metrics).Build()!;

        AmqpConnectionOptions broker = Broker.Options();
        await using AmqpConnection connection = await Broker.ConnectAsync("telemetry-tests");
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        IQuotes quotes = messaging.CreateQuotesPublisher();

        ActivityTraceId trace;
        using (Activity caller = Caller.StartActivity("caller")!)
        {
            trace = caller.TraceId;
            PublishException returned = await Assert.ThrowsAsync<PublishException>(async () => await quotes.LoseQuote(new Quote("sku-1", 1m)));
            Assert.True(returned.IsReturn);
        }

        Activity[] traced = await SpansOfTraceAsync(spans, trace, expected: 2);
        Activity publish = Assert.Single(traced, s => s.Kind == ActivityKind.Producer);
        Assert.Equal("publish typedamqp.it.quotes:lost.quote", publish.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, publish.Status);
        Assert.Contains("312 NO_ROUTE", publish.StatusDescription);
        Assert.Equal("returned", publish.GetTagItem(MessagingAttributes.ErrorType));
        Assert.Equal("typedamqp.it.quotes:lost.quote", publish.GetTagItem(MessagingAttributes.DestinationName));
        Assert.Equal("typedamqp.it.quotes:lost.quote", publish.GetTagItem(MessagingAttributes.DestinationTemplate));

        // A key without placeholders cannot vary, so the metrics name the destination as well as its template.
        var tags = new Dictionary<string, object?>
        {
            ["messaging.system"] = "rabbitmq",
            ["messaging.operation.name"] = "publish",
            ["messaging.destination.name"] = "typedamqp.it.quotes:lost.quote",
            ["messaging.destination.template"] = "typedamqp.it.quotes:lost.quote",
            ["server.address"] = broker.Host,
            ["server.port"] = broker.EffectivePort,
            ["error.type"] = "returned",
        };
        MetricSnapshot[] latest = await MetricsWhenAsync(meters, metrics, snapshot => Sum(snapshot, "messaging.client.sent.messages", tags) == 1);
        Assert.Equal(1, Sum(latest, "messaging.client.sent.messages", tags));
        Assert.Equal(1, HistogramCount(latest, "messaging.client.operation.duration", With(tags, ("messaging.operation.type", "send"))));
    }

    private static Dictionary<string, object?> TagsOf(Activity span) => span.TagObjects.ToDictionary(t => t.Key, t => t.Value);

    private static Dictionary<string, object?> With(Dictionary<string, object?> tags, params (string Key, object? Value)[] more)
    {
        var all = new Dictionary<string, object?>(tags);
        foreach ((string key, object? value) in more) all[key] = value;
        return all;
    }

    /// <summary>The spans of one trace, once <paramref name="expected"/> have ended (a reply's span ends at its confirm, after the requester has its answer).</summary>
    private static async Task<Activity[]> SpansOfTraceAsync(LockedCollection<Activity> spans, ActivityTraceId trace, int expected)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            Activity[] ofTrace = spans.Snapshot().Where(s => s.TraceId == trace).ToArray();
            if (ofTrace.Length >= expected)
            {
                Assert.Equal(expected, ofTrace.Length);
                return ofTrace;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"trace {trace} has {spans.Snapshot().Count(s => s.TraceId == trace)} spans, not {expected}");
    }

    /// <summary>The newest snapshot of each metric, once <paramref name="ready"/> holds (the process span ends after the reply is sent).</summary>
    private static async Task<MetricSnapshot[]> MetricsWhenAsync(MeterProvider meters, LockedCollection<MetricSnapshot> metrics, Func<MetricSnapshot[], bool> ready)
    {
        MetricSnapshot[] latest = [];
        for (int attempt = 0; attempt < 100; attempt++)
        {
            metrics.Clear();
            meters.ForceFlush();
            latest = metrics.Snapshot();
            if (ready(latest)) return latest;
            await Task.Delay(50);
        }

        return latest;
    }

    private static IEnumerable<MetricPoint> PointsWith(MetricSnapshot[] snapshot, string name, Dictionary<string, object?> tags)
    {
        foreach (MetricSnapshot metric in snapshot.Where(m => m.Name == name))
        {
            foreach (MetricPoint point in metric.MetricPoints)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (KeyValuePair<string, object?> tag in point.Tags) pointTags[tag.Key] = tag.Value;
                if (pointTags.Count == tags.Count && tags.All(t => pointTags.TryGetValue(t.Key, out object? value) && Equals(value, t.Value))) yield return point;
            }
        }
    }

    private static List<double> BucketBounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (HistogramBucket bucket in point.GetHistogramBuckets()) bounds.Add(bucket.ExplicitBound);
        return bounds;
    }

    private static long Sum(MetricSnapshot[] snapshot, string name, Dictionary<string, object?> tags) => PointsWith(snapshot, name, tags).Sum(p => p.GetSumLong());

    private static long HistogramCount(MetricSnapshot[] snapshot, string name, Dictionary<string, object?> tags) => PointsWith(snapshot, name, tags).Sum(p => p.GetHistogramCount());
}
