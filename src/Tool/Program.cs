using TypedAmqp.Tool;
using TypedAmqp.Tool.Commands;
using TypedAmqp.Tool.Output;

// typedamqp export | diff | declare over a built assembly: results on standard output, status lines on standard
// error, and an exit code a CI step can branch on (ExitCodes).
var progress = new Progress(Console.Error);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    string name = args.Length > 0 ? args[0] : string.Empty;
    if (name is "-h" or "--help" or "help")
    {
        Console.Out.WriteLine(CommandLine.Usage);
        return ExitCodes.Success;
    }

    return name switch
    {
        "export" => await ExportCommand.RunAsync(CommandLine.Parse(args, ExportCommand.Options), Console.Out, progress, cancellation.Token),
        "diff" => await DiffCommand.RunAsync(CommandLine.Parse(args, DiffCommand.Options), Console.Out, progress, cancellation.Token),
        "declare" => await DeclareCommand.RunAsync(CommandLine.Parse(args, DeclareCommand.Options), Console.Out, progress, cancellation.Token),
        "" => throw ToolException.Usage("no command given"),
        _ => throw ToolException.Usage($"unknown command '{name}'"),
    };
}
catch (ToolException exception)
{
    Console.Error.WriteLine("error: " + exception.Message);
    if (exception.IsUsageError) Console.Error.WriteLine(CommandLine.Usage);

    return ExitCodes.Failure;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return ExitCodes.Failure;
}
