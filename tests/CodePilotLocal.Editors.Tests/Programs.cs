namespace CodePilotLocal.Editors.Tests;

internal static class Programs
{
    /// <summary>The program's path on PATH, or null when it is not installed.</summary>
    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
