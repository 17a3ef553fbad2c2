using System.Globalization;

namespace TypedAmqp.Tool.Output;

/// <summary>"1 exchange, 3 queues, 2 bindings", for status lines.</summary>
internal static class Counts
{
    public static string Of(int exchanges, int queues, int bindings) =>
        $"{Noun(exchanges, "exchange")}, {Noun(queues, "queue")}, {Noun(bindings, "binding")}";

    public static string Noun(int count, string singular) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : singular + "s");
}
