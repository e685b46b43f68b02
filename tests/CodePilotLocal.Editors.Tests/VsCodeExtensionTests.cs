using System.IO.Compression;
using System.Text.RegularExpressions;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Editors.Tests;

/// <summary>
/// editors/vscode: installs its locked dependencies from the npm registry, compiles with tsc in strict
/// mode, lints, runs its unit tests, and packages the .vsix with vsce — offline apart from the registry.
/// </summary>
public sealed class VsCodeExtensionTests
{
    private static readonly string Folder = Path.Combine(TestPaths.RepositoryRoot, "editors", "vscode");

    private static readonly SemaphoreSlim Packaging = new(1, 1);
    private static bool _packaged;

    [SkippableFact]
    public async Task The_extension_builds_lints_passes_its_unit_tests_and_packages()
    {
        Skip.If(Programs.Which("npm") is null, "npm is not installed");

        await PackagedAsync();

        using var vsix = ZipFile.OpenRead(Path.Combine(Folder, "codepilot-local.vsix"));
        var entries = vsix.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("extension/out/extension.js", entries);
        Assert.Contains("extension/node_modules/vscode-languageclient/package.json", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("extension/src/", StringComparison.Ordinal));
    }

    /// <summary>
    /// The extension makes no network request of its own, nor do its dependencies: no JavaScript file in the
    /// .vsix loads http, https, http2, tls, dns or dgram, or calls fetch, XMLHttpRequest or WebSocket. `net`
    /// appears once, in vscode-jsonrpc's pipe and socket transports; the extension starts its server over stdio.
    /// </summary>
    [SkippableFact]
    public async Task Neither_the_extension_nor_its_dependencies_can_open_a_network_connection()
    {
        Skip.If(Programs.Which("npm") is null, "npm is not installed");
        await PackagedAsync();

        using var vsix = ZipFile.OpenRead(Path.Combine(Folder, "codepilot-local.vsix"));
        var network = new Regex("""require\(['"](node:)?(https?|http2|tls|dns|dgram|net)['"]\)|\bfetch\(|XMLHttpRequest|new WebSocket""");
        var uses = new List<string>();
        var scripts = vsix.Entries.Where(e => e.FullName.EndsWith(".js", StringComparison.Ordinal)).ToList();
        foreach (var entry in scripts)
        {
            using var reader = new StreamReader(entry.Open());
            uses.AddRange(network.Matches(await reader.ReadToEndAsync()).Select(m => $"{entry.FullName}: {m.Value}"));
        }

        Assert.True(scripts.Count > 50, $"only {scripts.Count} scripts: the dependencies are missing from the .vsix");
        Assert.Equal(["extension/node_modules/vscode-jsonrpc/lib/node/main.js: require(\"net\")"], uses);
        Assert.DoesNotContain("TransportKind", File.ReadAllText(Path.Combine(Folder, "out", "extension.js"))); // stdio, the default
    }

    /// <summary>Runs npm ci, build, lint, unit tests and vsce package once per test run (the end-to-end test needs the .vsix too).</summary>
    public static async Task PackagedAsync()
    {
        await Packaging.WaitAsync();
        try
        {
            if (_packaged)
            {
                return;
            }

            foreach (var script in new[] { "ci --no-audit --no-fund", "run build", "run lint", "test", "run package" })
            {
                var (exitCode, output) = await Programs.RunAsync("npm", script.Split(' '), Folder);
                Assert.True(exitCode == 0, $"npm {script} failed ({exitCode}):\n{output}");
                if (script == "test")
                {
                    Assert.Contains("# fail 0", output);
                }
            }

            _packaged = true;
        }
        finally
        {
            Packaging.Release();
        }
    }
}
