using TypedAmqp.Amqp091;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Messaging;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// Reads every property of a received content header the ways an application can (each accessor on its own, as a
/// handler would call just one), where each may refuse a malformed header only with <see cref="AmqpProtocolException"/>.
/// Also holds the runtime to its promise that <c>ValidateHeaders</c> says in advance whether <c>Headers</c> will throw.
/// </summary>
internal static class PropertiesProbe
{
    private static readonly Func<MessageProperties, object?>[] Accessors =
    [
        static p => p.ContentType,
        static p => p.ContentEncoding,
        static p => p.Persistent,
        static p => p.Priority,
        static p => p.CorrelationId,
        static p => p.ReplyTo,
        static p => p.TimeToLive,
        static p => p.MessageId,
        static p => p.Timestamp,
        static p => p.Type,
        static p => p.UserId,
        static p => p.AppId,
        static p => p.ToBasicProperties().ClusterId,
        static p => Convert.ToHexString(p.TypeUtf8),
        static p => Convert.ToHexString(p.ContentTypeUtf8),
        static p => Convert.ToHexString(p.MessageIdUtf8),
        static p => Convert.ToHexString(p.CorrelationIdUtf8),
        static p => p.ToString(),
        static p => p.ToBasicProperties(includeHeaders: false).MessageId,
        static p => p.ToBasicProperties().Headers?.Count,
    ];

    public static void Exercise(MessageProperties properties, DecodeTrace trace)
    {
        foreach (Func<MessageProperties, object?> accessor in Accessors)
        {
            try
            {
                trace.Add(Convert.ToString(accessor(properties), System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (AmqpProtocolException rejection)
            {
                trace.AddRejection(rejection);
            }
        }

        string? headersProblem = properties.ValidateHeaders();
        trace.Add(headersProblem);
        try
        {
            Dictionary<string, object?>? headers = properties.Headers;
            if (headersProblem is not null)
            {
                throw new FuzzOracleException($"ValidateHeaders reported '{headersProblem}', yet Headers decoded them.");
            }

            if (headers is not null) ServerMethodReader.AddTable(headers, trace);
        }
        catch (AmqpProtocolException rejection)
        {
            if (headersProblem is null)
            {
                throw new FuzzOracleException("ValidateHeaders found nothing wrong, yet reading Headers threw.", rejection);
            }

            trace.AddRejection(rejection);
        }
    }
}
