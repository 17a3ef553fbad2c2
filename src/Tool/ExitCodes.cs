namespace TypedAmqp.Tool;

/// <summary>What the process exit code tells a CI step.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>diff</c>, no drift.</summary>
    public const int Success = 0;

    /// <summary>The broker disagrees with the contracts: <c>diff</c> found drift, or <c>declare</c> was refused (406).</summary>
    public const int Drift = 1;

    /// <summary>The command could not run: bad usage, an assembly that cannot be loaded, a broker that cannot be reached or refuses the credentials.</summary>
    public const int Failure = 2;
}
