using Microsoft.Extensions.Options;

namespace TypedAmqp.Hosting;

/// <summary>
/// Checks <see cref="TypedAmqpOptions"/> when they are built, so a host with a missing URI, an unreadable value or a
/// TLS file that does not exist fails at start-up (<c>ValidateOnStart</c>) with every problem named, not at the first
/// connection attempt.
/// </summary>
internal sealed class TypedAmqpOptionsValidator : IValidateOptions<TypedAmqpOptions>
{
    public ValidateOptionsResult Validate(string? name, TypedAmqpOptions options)
    {
        List<string> problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
