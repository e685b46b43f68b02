using System.Diagnostics;

namespace CodePilotLocal.Cli.Tests.Commands;

/// <summary>Runs the real `codepilot` executable with a private cache folder.</summary>
internal static class Codepilot
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string cacheHome, params string[] arguments)
    {
        using var process = Start(cacheHome, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string cacheHome, params string[] arguments)
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
        return Process.Start(info)!;
    }
}
