using System.Text.Json;
using CodePilotLocal.TestSupport;
using CodePilotLocal.Usage;

namespace CodePilotLocal.Editors.Tests;

/// <summary>
/// editors/nvim/test/*.lua in a headless Neovim (Debian's 0.7.2 on CI, installed by .ci/run), talking to
/// the real `codepilot serve` with a real tiny model in a real git workspace: the plugin of this checkout
/// with the server built here, and the plugin of the unpacked offline bundle with the bundle's own server.
/// </summary>
[Trait("Category", "Model")]
public sealed class NeovimTests
{
    [SkippableFact]
    public async Task Ghost_text_accept_dismiss_cancel_and_explain_work_in_headless_neovim()
    {
        Skip.If(Programs.Which("nvim") is null, "nvim is not installed (.ci/run installs Debian's neovim)");
        await RunSpecAsync(Path.Combine(TestPaths.RepositoryRoot, "editors", "nvim"), new Dictionary<string, string>
        {
            ["CODEPILOT_CMD"] = JsonSerializer.Serialize(new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "codepilot.dll"), "serve", "--model", TinyModels.Qwen }),
        });
    }

    /// <summary>
    /// Next edit suggestions in headless Neovim: the plugin previews the edit the server delivers, jumps to it and
    /// applies it. The server's next-edit model is a team's server stand-in that answers the window with the rename
    /// carried to its use (the model's text is the one thing that cannot be real here).
    /// </summary>
    [SkippableFact]
    public async Task A_next_edit_is_previewed_jumped_to_and_applied_in_headless_neovim()
    {
        Skip.If(Programs.Which("nvim") is null, "nvim is not installed (.ci/run installs Debian's neovim)");
        await using var standIn = new InferenceServerStandIn
        {
            ModelId = "sweep-next-edit-1.5b",
            Pieces = ["        Count = amount;\n", "    }\n\n    public int Count { get; }\n}\n\n"],
        };
        using var workspace = new GitWorkspace();
        workspace.Commit("Shop", ("Shop.cs", "class Shop\n{\n    public Shop(int count)\n    {\n        Count = count;\n    }\n\n    public int Count { get; }\n}\n"));
        using var cache = new TempDirectory();

        var script = Path.Combine(TestPaths.RepositoryRoot, "editors", "nvim", "test", "next_edit_spec.lua");
        var run = await Programs.RunAsync(Programs.Which("nvim")!, ["--headless", "--clean", "-c", $"lua local ok, e = pcall(dofile, '{script}'); if not ok then io.stderr:write(tostring(e) .. '\\n'); vim.cmd('cq 3') end"],
            environment: new Dictionary<string, string>
            {
                ["CODEPILOT_PLUGIN"] = Path.Combine(TestPaths.RepositoryRoot, "editors", "nvim"),
                ["CODEPILOT_CMD"] = JsonSerializer.Serialize(new[]
                {
                    "dotnet", Path.Combine(AppContext.BaseDirectory, "codepilot.dll"), "serve", "--backend", "llama-server", "--endpoint", standIn.Endpoint.ToString(),
                }),
                ["CODEPILOT_FILE"] = Path.Combine(workspace.Root, "Shop.cs"),
                ["XDG_CACHE_HOME"] = cache.Path,
            },
            timeout: TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}");
        Assert.Contains("ALL PASSED", run.Output);
    }

    [SkippableFact]
    public async Task The_bundles_plugin_runs_the_bundles_server_with_nothing_on_path()
    {
        Skip.If(Programs.Which("nvim") is null, "nvim is not installed (.ci/run installs Debian's neovim)");
        Skip.If(OfflineBundles.CannotBuild is not null, OfflineBundles.CannotBuild);
        using var scratch = new TempDirectory();
        var bundle = await OfflineBundles.UnpackAsync("linux-x64", scratch.File("bundle"));

        await RunSpecAsync(Path.Combine(bundle, "nvim"), new Dictionary<string, string>
        {
            ["CODEPILOT_MODEL"] = TinyModels.Qwen,
            ["PATH"] = Directory.CreateDirectory(scratch.File("empty-bin")).FullName,
            ["HOME"] = Directory.CreateDirectory(scratch.File("home")).FullName,
        });
    }

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_bundles_plugin_says_why_a_server_of_another_platform_or_without_execute_permission_cannot_run()
    {
        Skip.If(Programs.Which("nvim") is null, "nvim is not installed (.ci/run installs Debian's neovim)");
        Skip.If(OfflineBundles.CannotBuild is not null, OfflineBundles.CannotBuild);
        using var scratch = new TempDirectory();
        var bundle = await OfflineBundles.UnpackAsync("linux-x64", scratch.File("bundle"));
        var server = Path.Combine(bundle, "server", "codepilot");
        async Task<string> FindAsync()
        {
            var lua = $"vim.opt.runtimepath:prepend('{Path.Combine(bundle, "nvim")}'); local cmd, problem = require('codepilot.server').find(); "
                + "io.stdout:write(vim.inspect(cmd) .. ' ' .. tostring(problem) .. '\\n'); vim.cmd('qa!')";
            var (exitCode, output) = await Programs.RunAsync(Programs.Which("nvim")!, ["--headless", "--clean", "-c", "lua " + lua]);
            Assert.True(exitCode == 0, output);
            return output;
        }

        var runs = await FindAsync();
        File.SetUnixFileMode(server, File.GetUnixFileMode(server) & ~(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
        var locked = await FindAsync();
        File.WriteAllText(Path.Combine(bundle, "server", "platform.json"), "{ \"version\": \"0.1.0\", \"platform\": \"osx-arm64\" }");
        var foreign = await FindAsync();

        Assert.Contains($"\"{server}\", \"serve\"", runs);
        Assert.Contains($"the CodePilot server at {server} is not executable (chmod +x {server})", locked);
        Assert.Contains("is built for osx-arm64, but this machine is linux-x64: unpack codepilot-0.1.0-linux-x64 instead", foreign);
    }

    /// <summary>Runs ghost_text_spec.lua with the plugin at <paramref name="plugin"/>; the environment adds to or replaces the test's own.</summary>
    private static async Task RunSpecAsync(string plugin, Dictionary<string, string> environment)
    {
        using var workspace = new GitWorkspace();
        var (text, line, character) = Parse("""
            namespace Demo;

            public sealed class Calculator
            {
                public int Add(int a, int b)
                {
                    var result = ║a + b;
                    return result;
                }
            }
            """);
        workspace.Commit("Calculator", ("Calculator.cs", text));
        using var cache = new TempDirectory();

        var script = Path.Combine(TestPaths.RepositoryRoot, "editors", "nvim", "test", "ghost_text_spec.lua");
        environment["CODEPILOT_PLUGIN"] = plugin;
        environment["CODEPILOT_FILE"] = Path.Combine(workspace.Root, "Calculator.cs");
        environment["CODEPILOT_LINE"] = (line + 1).ToString();
        environment["CODEPILOT_COL"] = character.ToString();
        environment["XDG_CACHE_HOME"] = cache.Path;
        // A Lua error must become an exit code: headless Neovim would otherwise just stay.
        var run = await Programs.RunAsync(Programs.Which("nvim")!, ["--headless", "--clean", "-c", $"lua local ok, e = pcall(dofile, '{script}'); if not ok then io.stderr:write(tostring(e) .. '\\n'); vim.cmd('cq 3') end"],
            environment: environment, timeout: TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}");
        Assert.Contains("ALL PASSED", run.Output);
        AssertUsageRows(cache.Path);
    }

    /// <summary>The plugin's events, as the server wrote them: three suggestions shown, the first accepted whole, the other two dismissed.</summary>
    private static void AssertUsageRows(string cacheHome)
    {
        using var store = UsageStore.Open(Path.Combine(cacheHome, "codepilot", "usage", "usage.db"), DateTimeOffset.UtcNow);
        var shown = store.Since(DateTimeOffset.UtcNow.AddHours(-1)).Where(r => r.Shown).ToList();
        Assert.Equal(3, shown.Count);
        Assert.All(shown, r => Assert.Equal(("Neovim", "cs"), (r.Client, r.Language)));
        var accepted = Assert.Single(shown, r => r.Accepted);
        Assert.True(accepted.AcceptedFully);
        Assert.Equal(accepted.Characters, accepted.AcceptedCharacters);
        Assert.Equal(2, shown.Count(r => r.DismissedAt is not null));
    }

    private static (string Text, int Line, int Character) Parse(string marked)
    {
        var offset = marked.IndexOf('║');
        var before = marked[..offset];
        return (marked.Remove(offset, 1), before.Count(c => c == '\n'), offset - (before.LastIndexOf('\n') + 1));
    }
}
