using System.Globalization;

namespace TypedAmqp.Fuzzing;

/// <summary>The options of the fuzzer's command line.</summary>
internal sealed record FuzzCommandLine
{
    public const string Usage = """
        TypedAmqp.Fuzzing: a seeded mutation fuzzer over the AMQP 0-9-1 and AMQP 1.0 frame decoders and connection state machines.

          --target decoder|connection|amqp10-decoder|amqp10-connection   what to fuzz
          --inputs N                    inputs to run, corpus entries included (default 100000)
          --seed S                      the mutation seed (default 1); a seed and a corpus always give the same inputs
          --corpus DIR                  seed inputs, *.bin (default: the checked-in Corpus/<target> beside the program)
          --time-limit T                stop after T (90s, 20m, 1h), even before N inputs
          --hang-timeout T              an input running this long is a hang (default 30s)
          --findings DIR                where failing inputs are saved (default ./fuzz-findings)
          --replay FILE|DIR             run one saved input (or every *.bin in DIR) and report
          --write-corpus DIR            write every target's seeds to DIR/<target>, then exit
        Exit code: 0 when nothing was found, 1 when something was, 2 for a usage error.
        """;

    public string? Target { get; init; }
    public long Inputs { get; init; } = 100_000;
    public int Seed { get; init; } = 1;
    public string? CorpusDirectory { get; init; }
    public TimeSpan? TimeLimit { get; init; }
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public string FindingsDirectory { get; init; } = "fuzz-findings";
    public string? Replay { get; init; }
    public string? WriteCorpus { get; init; }

    public static FuzzCommandLine Parse(string[] args)
    {
        var options = new FuzzCommandLine();
        for (int i = 0; i < args.Length; i++)
        {
            string value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--target" => options with { Target = value() },
                "--inputs" => options with { Inputs = long.Parse(value(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(value(), CultureInfo.InvariantCulture) },
                "--corpus" => options with { CorpusDirectory = value() },
                "--time-limit" => options with { TimeLimit = ParseDuration(value()) },
                "--hang-timeout" => options with { HangTimeout = ParseDuration(value()) },
                "--findings" => options with { FindingsDirectory = value() },
                "--replay" => options with { Replay = value() },
                "--write-corpus" => options with { WriteCorpus = value() },
                _ => throw new FormatException($"Unknown option {args[i]}."),
            };
        }

        return options;
    }

    /// <summary>"90s", "20m", "1h", or plain seconds.</summary>
    private static TimeSpan ParseDuration(string text)
    {
        double number(string digits) => double.Parse(digits, CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(number(text[..^1])),
            'm' => TimeSpan.FromMinutes(number(text[..^1])),
            'h' => TimeSpan.FromHours(number(text[..^1])),
            _ => TimeSpan.FromSeconds(number(text)),
        };
    }
}
