using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;
using TypedAmqp.Generators.Parsing;

namespace TypedAmqp.Generators;

/// <summary>
/// Turns an exception inside the generator into a TAMQP000 error at the contract, instead of the compiler's CS8785
/// warning that silently drops every generated file and diagnostic of the project.
/// </summary>
internal static class Guard
{
    public static ParseResult<T> Parse<T>(Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult<T>> parse, GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return parse(context, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new ParseResult<T>(null, new[] { Failure(context.TargetSymbol.ToDisplayString(), ContractReader.LocationOf(context.TargetSymbol), exception) }.ToEquatableArray());
        }
    }

    public static TResult Run<TResult>(Func<TResult> step, Func<DiagnosticInfo, TResult> onFailure, string what)
    {
        try
        {
            return step();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return onFailure(Failure(what, null, exception));
        }
    }

    public static void Output(SourceProductionContext output, Action step, string what)
    {
        try
        {
            step();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Failure(what, null, exception).ToDiagnostic(null));
        }
    }

    private static DiagnosticInfo Failure(string what, LocationInfo? location, Exception exception) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, location, what, exception.GetType().Name, exception.Message);
}
