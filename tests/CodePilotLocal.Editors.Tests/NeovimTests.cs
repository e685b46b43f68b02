using System.Text.Json;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Editors.Tests;

/// <summary>
/// editors/nvim/test/*.lua in a headless Neovim (Debian's 0.7.2 on CI, installed by .ci/run), talking to
/// the real `codepilot serve` with a real tiny model in a real git workspace.
/// </summary>
[Trait("Category", "Model")]
public sealed class NeovimTests
{
    [SkippableFact]
    public async Task Ghost_text_accept_dismiss_cancel_and_explain_work_in_headless_neovim()
    {
        Skip.If(Programs.Which("nvim") is null, "nvim is not installed (.ci/run installs Debian's neovim)");
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
        // A Lua error must become an exit code: headless Neovim would otherwise just stay.
        var run = await Programs.RunAsync("nvim", ["--headless", "--clean", "-c", $"lua local ok, e = pcall(dofile, '{script}'); if not ok then io.stderr:write(tostring(e) .. '\\n'); vim.cmd('cq 3') end"], environment: new Dictionary<string, string>
        {
            ["CODEPILOT_PLUGIN"] = Path.Combine(TestPaths.RepositoryRoot, "editors", "nvim"),
            ["CODEPILOT_CMD"] = JsonSerializer.Serialize(new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "codepilot.dll"), "serve", "--model", TinyModels.Qwen }),
            ["CODEPILOT_FILE"] = Path.Combine(workspace.Root, "Calculator.cs"),
            ["CODEPILOT_LINE"] = (line + 1).ToString(),
            ["CODEPILOT_COL"] = character.ToString(),
            ["XDG_CACHE_HOME"] = cache.Path,
        }, timeout: TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}");
        Assert.Contains("ALL PASSED", run.Output);
    }

    private static (string Text, int Line, int Character) Parse(string marked)
    {
        var offset = marked.IndexOf('║');
        var before = marked[..offset];
        return (marked.Remove(offset, 1), before.Count(c => c == '\n'), offset - (before.LastIndexOf('\n') + 1));
    }
}
