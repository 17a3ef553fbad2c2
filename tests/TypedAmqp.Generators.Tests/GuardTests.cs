using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Tests;

/// <summary>A defect inside the generator becomes a TAMQP000 error naming what failed, never an exception out of the generator.</summary>
public sealed class GuardTests
{
    [Fact]
    public void A_throwing_step_becomes_a_TAMQP000_error_that_names_the_step_and_the_exception()
    {
        DiagnosticInfo? reported = Guard.Run<DiagnosticInfo?>(() => throw new InvalidOperationException("boom"), failure => failure, "the contracts as a whole");

        Assert.NotNull(reported);
        Diagnostic diagnostic = reported.ToDiagnostic(null);
        Assert.Equal("TAMQP000", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("the contracts as a whole", message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: boom", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_is_not_swallowed()
    {
        Assert.Throws<OperationCanceledException>(() => Guard.Run<int>(() => throw new OperationCanceledException(), _ => 0, "step"));
    }

    [Fact]
    public void A_step_that_succeeds_returns_its_own_result()
    {
        Assert.Equal(42, Guard.Run(() => 42, _ => -1, "step"));
    }
}
