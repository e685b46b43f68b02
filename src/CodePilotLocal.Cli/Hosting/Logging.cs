using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace CodePilotLocal.Cli.Hosting;

/// <summary>
/// Logs go to stderr and, for the server, to a daily file in the user cache. Never to stdout: in serve
/// mode stdout carries LSP frames, in the other commands it carries the command's answer.
/// </summary>
internal static class Logging
{
    public static string LogDirectory => Core.UserCache.LogDirectory;

    public static ILoggerFactory Create(bool verbose, bool toFile)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .WriteTo.Console(
                restrictedToMinimumLevel: verbose || toFile ? LogEventLevel.Debug : LogEventLevel.Warning,
                standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        if (toFile)
        {
            configuration = configuration.WriteTo.File(
                Path.Combine(LogDirectory, "codepilot-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 7,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
        }

        return LoggerFactory.Create(builder => builder.AddSerilog(configuration.CreateLogger(), dispose: true).SetMinimumLevel(LogLevel.Trace));
    }
}
