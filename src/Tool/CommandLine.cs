namespace TypedAmqp.Tool;

/// <summary>
/// The command and its <c>--name value</c> options. Hand-written rather than a parsing library: three commands with a
/// handful of options each, and the tool should depend on nothing but the runtime.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _options;

    private CommandLine(string command, Dictionary<string, string> options)
    {
        Command = command;
        _options = options;
    }

    /// <summary>export, diff or declare.</summary>
    public string Command { get; }

    public const string Usage =
        """
        usage:
          typedamqp export  --assembly <path.dll> --format definitions|asyncapi|mermaid [--output <file>] [--vhost /] [--server amqp://host:5672/]
          typedamqp diff    --assembly <path.dll> [--management http://127.0.0.1:15672] [--vhost /] [--user <name>] [--password <secret>]
          typedamqp declare --assembly <path.dll> [--uri amqp://user:password@host:5672/vhost]

        diff reads the user and password from TYPEDAMQP_MANAGEMENT_USER and TYPEDAMQP_MANAGEMENT_PASSWORD when not given (default guest/guest);
        declare reads the URI from TYPEDAMQP_URI when not given (default amqp://guest:guest@127.0.0.1:5672/).
        exit codes: 0 done (diff: no drift), 1 drift found or declaration refused, 2 usage, load or connection error.
        """;

    /// <summary>Reads <paramref name="args"/>; throws <see cref="ToolException"/> on anything it does not understand.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> knownOptions)
    {
        if (args.Count == 0) throw ToolException.Usage("no command given");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Count; i++)
        {
            string name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !knownOptions.Contains(name[2..]))
            {
                throw ToolException.Usage($"unknown option '{name}' for {args[0]}");
            }

            if (i + 1 >= args.Count) throw ToolException.Usage($"option '{name}' needs a value");
            options[name[2..]] = args[++i];
        }

        return new CommandLine(args[0], options);
    }

    /// <summary>The value of <c>--<paramref name="name"/></c>, which must be given.</summary>
    public string Required(string name) =>
        _options.TryGetValue(name, out string? value) && value.Length > 0 ? value : throw ToolException.Usage($"option --{name} is required");

    /// <summary>The value of <c>--<paramref name="name"/></c>, else of environment variable <paramref name="environmentVariable"/>, else <paramref name="fallback"/>.</summary>
    public string Optional(string name, string fallback, string? environmentVariable = null)
    {
        if (_options.TryGetValue(name, out string? value)) return value;
        if (environmentVariable is not null && Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } fromEnvironment) return fromEnvironment;
        return fallback;
    }

    /// <summary>The value of <c>--<paramref name="name"/></c>, or null.</summary>
    public string? Optional(string name) => _options.GetValueOrDefault(name);
}
