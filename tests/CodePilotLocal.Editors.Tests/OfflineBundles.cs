using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Editors.Tests;

/// <summary>
/// The offline bundles, built by the real `eng/bundle` once per test run into artifacts/test-bundles (each
/// platform at most once, one build at a time: they share eng/bundle's work folder), and unpacked on demand.
/// </summary>
internal static class OfflineBundles
{
    public static readonly string[] OtherPlatforms = ["linux-arm64", "win-x64", "osx-arm64", "osx-x64"];

    private static readonly string Output = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "test-bundles");
    private static readonly SemaphoreSlim Building = new(1, 1);
    private static readonly HashSet<string> Built = [];
    private static bool _cleared;

    /// <summary>
    /// Why bundles cannot be built and unpacked here, or null: eng/bundle needs Linux, npm (the VSIX), apt-get
    /// and dpkg-deb (Debian's libraries) and zip (the Windows bundle); the tests unzip it.
    /// </summary>
    public static string? CannotBuild =>
        !OperatingSystem.IsLinux() ? "eng/bundle runs on Linux"
        : new[] { "npm", "apt-get", "dpkg-deb", "zip", "unzip" }.FirstOrDefault(p => Programs.Which(p) is null) is { } missing
            ? $"{missing} is not installed (.ci/run installs what eng/bundle and these tests need)"
        : null;

    /// <summary>Builds the platforms' bundles that this run has not built yet, and returns each one's archive.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ArchivesAsync(params string[] platforms)
    {
        await Building.WaitAsync();
        try
        {
            if (!_cleared && Directory.Exists(Output))
            {
                Directory.Delete(Output, recursive: true); // an earlier run's archives are not this code's
            }

            _cleared = true;

            var missing = platforms.Where(p => !Built.Contains(p)).ToArray();
            if (missing.Length > 0)
            {
                var (exitCode, output) = await Programs.RunAsync(Path.Combine(TestPaths.RepositoryRoot, "eng", "bundle"), ["--out", Output, .. missing],
                    TestPaths.RepositoryRoot, timeout: TimeSpan.FromMinutes(30));
                Assert.True(exitCode == 0, $"eng/bundle {string.Join(' ', missing)} failed ({exitCode}):\n{output}");
                Built.UnionWith(missing);
            }

            return platforms.ToDictionary(p => p, Archive);
        }
        finally
        {
            Building.Release();
        }
    }

    /// <summary>Unpacks a platform's bundle (built first if need be) into a fresh folder, as a user would.</summary>
    public static async Task<string> UnpackAsync(string platform, string folder)
    {
        var archive = (await ArchivesAsync(platform))[platform];
        Directory.CreateDirectory(folder);
        var (exitCode, output) = archive.EndsWith(".zip", StringComparison.Ordinal)
            ? await Programs.RunAsync("unzip", ["-q", archive, "-d", folder])
            : await Programs.RunAsync("tar", ["-xzf", archive, "-C", folder]);
        Assert.True(exitCode == 0, $"unpacking {archive} failed:\n{output}");
        return folder;
    }

    private static string Archive(string platform)
    {
        var extension = platform.StartsWith("win-", StringComparison.Ordinal) ? "zip" : "tar.gz";
        var archives = Directory.GetFiles(Output, $"codepilot-*-{platform}.{extension}");
        Assert.True(archives.Length == 1, $"expected one {platform} bundle in {Output}, found {archives.Length}");
        return archives[0];
    }
}
