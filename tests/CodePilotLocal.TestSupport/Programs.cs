using System.Diagnostics;

namespace CodePilotLocal.TestSupport;

public static class Programs
{
    /// <summary>The program's path on PATH, or null when it is not installed.</summary>
    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    /// <summary>Runs a program to its end (killed after the timeout, exit code -1) and returns its exit code and output.</summary>
    /// <param name="inheritEnvironment">false: the program sees only <paramref name="environment"/>, as under `env -i`.</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, string? directory = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null,
        bool inheritEnvironment = true)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (!inheritEnvironment)
        {
            info.Environment.Clear();
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
