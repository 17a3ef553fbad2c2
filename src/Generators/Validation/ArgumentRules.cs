using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>The types and ranges RabbitMQ requires of the x-arguments it knows, and arguments set twice.</summary>
internal static class ArgumentRules
{
    private const long MaxTimer = uint.MaxValue; // RabbitMQ documents TTLs and expiries up to 2^32-1 ms

    private static readonly Regex MaxAge = new("^[0-9]+(Y|M|D|h|m|s)$", RegexOptions.CultureInvariant);

    public static void Check(string entity, string name, LocationInfo? entityLocation, IReadOnlyList<ArgumentModel> arguments, List<DiagnosticInfo> diagnostics)
    {
        foreach (ArgumentModel argument in arguments.Where(a => a.IsFreeForm))
        {
            if (Problem(argument) is { } problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgumentValue, argument.Location ?? entityLocation, argument.Name, entity, name, problem));
            }
        }

        foreach (IGrouping<string, ArgumentModel> group in arguments.GroupBy(a => a.Name).Where(g => g.Count() > 1))
        {
            ArgumentModel second = group.Skip(1).FirstOrDefault(a => a.IsFreeForm) ?? group.First(a => a.IsFreeForm);
            string sources = string.Join(" and ", group.Select(a => a.IsFreeForm ? $"[Argument] = {a.Text}" : $"{a.Source} = {a.Text}"));
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.DuplicateArgument, second.Location ?? entityLocation, char.ToUpperInvariant(entity[0]) + entity.Substring(1), name, group.Key, sources));
        }
    }

    /// <summary>What is wrong with a known argument's value, or null (unknown arguments belong to plugins and pass).</summary>
    private static string? Problem(ArgumentModel argument) => argument.Name switch
    {
        "x-message-ttl" => Integer(argument, 0, MaxTimer, "milliseconds"),
        "x-expires" => Integer(argument, 1, MaxTimer, "milliseconds"),
        "x-max-length" or "x-max-length-bytes" or "x-stream-max-segment-size-bytes" => Integer(argument, 0, long.MaxValue, "a count"),
        "x-max-priority" => Integer(argument, 0, 255, "a priority"),
        "x-delivery-limit" => Integer(argument, -1, int.MaxValue, "a count (-1 for no limit on RabbitMQ 4)"),
        "x-overflow" => OneOf(argument, "drop-head", "reject-publish", "reject-publish-dlx"),
        "x-queue-type" => OneOf(argument, "classic", "quorum", "stream"),
        "x-queue-mode" => OneOf(argument, "default", "lazy"),
        "x-dead-letter-strategy" => OneOf(argument, "at-most-once", "at-least-once"),
        "x-single-active-consumer" => argument.Kind == ArgumentValueKind.Boolean ? null : $"must be true or false, not {Describe(argument)}",
        "x-dead-letter-exchange" or "x-dead-letter-routing-key" or "alternate-exchange" =>
            argument.Kind == ArgumentValueKind.String ? null : $"must be a string, not {Describe(argument)}",
        "x-max-age" => argument.Kind == ArgumentValueKind.String && MaxAge.IsMatch(argument.Text)
            ? null
            : $"must be a string such as \"7D\" (a number and one of Y, M, D, h, m, s), not {Describe(argument)}",
        _ => null,
    };

    private static string? Integer(ArgumentModel argument, long min, long max, string unit)
    {
        if (argument.Kind != ArgumentValueKind.Integer) return $"must be an integer ({unit}), not {Describe(argument)}";
        long value = long.Parse(argument.Text, CultureInfo.InvariantCulture);
        return value < min || value > max ? $"{value} is outside {min}–{max}" : null;
    }

    private static string? OneOf(ArgumentModel argument, params string[] allowed) =>
        argument.Kind == ArgumentValueKind.String && allowed.Contains(argument.Text)
            ? null
            : $"must be one of {string.Join(", ", allowed.Select(a => "\"" + a + "\""))}, not {Describe(argument)}";

    private static string Describe(ArgumentModel argument) => argument.Kind switch
    {
        ArgumentValueKind.Null => "null",
        ArgumentValueKind.String => $"the string \"{argument.Text}\"",
        ArgumentValueKind.Float => $"the floating-point {argument.Text}",
        _ => argument.Text,
    };
}
