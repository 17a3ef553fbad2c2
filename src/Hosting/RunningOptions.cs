using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace TypedAmqp.Hosting;

/// <summary>
/// The options a running host uses. <see cref="Initial"/> holds the settings that shape the running consumers and
/// publishers (recovery on or off, confirms, handler threads, topology mode) for the host's lifetime;
/// <see cref="Current"/> follows configuration reloads for what is safe to change while running: the back-off and the
/// publish recovery wait at once, the connection settings (URI, credentials, TLS, heartbeat, client name, maximum
/// message size) at the next connection. A reload that fails validation is logged and ignored, keeping the last
/// valid options, so a typo in a reloaded file cannot take a running host down.
/// </summary>
internal sealed partial class RunningOptions : IDisposable
{
    private readonly IOptionsMonitor<TypedAmqpOptions> _monitor;
    private readonly IOptionsMonitorCache<TypedAmqpOptions> _cache;
    private readonly ILogger _logger;
    private readonly IDisposable? _reloadSubscription;
    private TypedAmqpOptions? _initial;
    private volatile TypedAmqpOptions? _current;

    public RunningOptions(
        IOptionsMonitor<TypedAmqpOptions> monitor, IOptionsMonitorCache<TypedAmqpOptions> cache, ILoggerFactory loggerFactory, ReloadSource? reloadSource = null)
    {
        _monitor = monitor;
        _cache = cache;
        _logger = loggerFactory.CreateLogger("TypedAmqp.Hosting");
        if (reloadSource is not null) _reloadSubscription = ChangeToken.OnChange(reloadSource.Configuration.GetReloadToken, Reload);
    }

    /// <summary>The options as they were when first read (validated; a failure throws <see cref="OptionsValidationException"/>).</summary>
    public TypedAmqpOptions Initial => _initial ??= Current;

    /// <summary>The latest valid options.</summary>
    public TypedAmqpOptions Current => _current ??= _monitor.Get(Options.DefaultName);

    /// <summary>Raised with the new options after a valid reload.</summary>
    public event Action<TypedAmqpOptions>? Reloaded;

    private void Reload()
    {
        TypedAmqpOptions? previous = _current;
        if (previous is null) return; // nothing read yet: the first read sees the new configuration anyway
        _cache.TryRemove(Options.DefaultName);
        try
        {
            TypedAmqpOptions reloaded = _monitor.Get(Options.DefaultName);
            _current = reloaded;
            LogReloaded(_logger);
            Reloaded?.Invoke(reloaded);
        }
        catch (OptionsValidationException ex)
        {
            _cache.TryRemove(Options.DefaultName);
            _cache.TryAdd(Options.DefaultName, previous);
            LogReloadRefused(_logger, ex.Message);
        }
    }

    public void Dispose() => _reloadSubscription?.Dispose();

    /// <summary>The configuration whose reloads the options follow; registered only when they are bound from it.</summary>
    internal sealed class ReloadSource(IConfiguration configuration)
    {
        public IConfiguration Configuration { get; } = configuration;
    }

    [LoggerMessage(207, LogLevel.Information, "TypedAmqp settings reloaded: the back-off and publish recovery wait apply now, connection settings at the next connection")]
    private static partial void LogReloaded(ILogger logger);

    [LoggerMessage(208, LogLevel.Warning, "Reloaded TypedAmqp settings are invalid and were ignored; the host keeps its current settings: {Problems}")]
    private static partial void LogReloadRefused(ILogger logger, string problems);
}
