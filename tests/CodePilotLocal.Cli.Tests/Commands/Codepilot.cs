using System.Diagnostics;

namespace CodePilotLocal.Cli.Tests.Commands;

/// <summary>Runs the real `codepilot` executable with a private cache folder.</summary>
internal static class Codepilot
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> RunAsync(string cacheHome, params string[] arguments) =>
        RunAsync(cacheHome, new Dictionary<string, string?>(), arguments);

    public static async Task<Result> RunAsync(string cacheHome, IDictionary<string, string?> environment, params string[] arguments)
    {
        using var process = Start(cacheHome, arguments, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string cacheHome, params string[] arguments) => Start(cacheHome, arguments, new Dictionary<string, string?>());

    private static Process Start(string cacheHome, string[] arguments, IDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "codepilot.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["XDG_CACHE_HOME"] = cacheHome;
        info.Environment["CODEPILOT_MODEL"] = null;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info)!;
    }
}
