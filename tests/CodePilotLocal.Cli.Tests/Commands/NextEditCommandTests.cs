using System.Text.Json;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Cli.Tests.Commands;

/// <summary>`codepilot next-edit` on a real git workspace: the file's uncommitted change is the recent edit in the prompt.</summary>
public sealed class NextEditCommandTests : IDisposable
{
    private const string Committed = "class Shop\n{\n    public Shop(int count)\n    {\n        Count = count;\n    }\n\n    public int Count { get; }\n}\n";

    private readonly GitWorkspace _git = new();
    private readonly TempDirectory _cache = new();

    public NextEditCommandTests()
    {
        _git.Commit("shop", ("Shop.cs", Committed));
        _git.Write("Shop.cs", Committed.Replace("int count)", "int amount)", StringComparison.Ordinal));
    }

    private string File => Path.Combine(_git.Root, "Shop.cs");

    [Fact]
    public async Task Sweep_gets_the_uncommitted_change_as_an_original_updated_pair_and_the_committed_window_as_original()
    {
        var run = await Codepilot.RunAsync(_cache.Path, "next-edit", File, "--line", "5", "--column", "9", "--next-edit-model", TinyModels.Qwen, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("sweep", result.GetProperty("format").GetString());
        Assert.Contains("NOT a trained model", result.GetProperty("model").GetString());
        var prompt = result.GetProperty("prompt").GetString()!;
        Assert.Contains("<|file_sep|>Shop.cs.diff\noriginal:\n    public Shop(int count)\nupdated:\n    public Shop(int amount)\n", prompt);
        Assert.Contains("<|file_sep|>original/Shop.cs:1:10\nclass Shop\n{\n    public Shop(int count)\n", prompt);
        Assert.Contains("<|file_sep|>current/Shop.cs:1:10\nclass Shop\n{\n    public Shop(int amount)\n    {\n        <|cursor|>Count = count;\n", prompt);
        Assert.True(result.GetProperty("edits").GetArrayLength() > 0 || result.GetProperty("reason").GetString() is { Length: > 0 });
    }

    [Fact]
    public async Task Zeta_gets_the_change_as_a_unified_diff_and_without_a_model_next_edits_are_off()
    {
        var zeta = await Codepilot.RunAsync(_cache.Path, "next-edit", File, "--line", "5", "--column", "9", "--next-edit-model", TinyModels.Zeta, "--json");
        var off = await Codepilot.RunAsync(_cache.Path, "next-edit", File, "--line", "5", "--column", "9");

        Assert.True(zeta.ExitCode == 0, zeta.Stderr);
        var prompt = JsonDocument.Parse(zeta.Stdout).RootElement.GetProperty("prompt").GetString()!;
        Assert.Contains("User edited \"Shop.cs\":\n```diff\n@@ -3,1 +3,1 @@\n-    public Shop(int count)\n+    public Shop(int amount)\n```", prompt);
        Assert.Contains("<|editable_region_start|>\nclass Shop\n", prompt);
        Assert.Equal(0, off.ExitCode);
        Assert.Contains("No next edit: next edits are off", off.Stdout);
    }

    [Fact]
    public async Task Repeat_prints_each_request_s_cost_and_the_format_can_be_chosen()
    {
        var run = await Codepilot.RunAsync(_cache.Path, "next-edit", File, "--line", "5", "--column", "9", "--next-edit-model", TinyModels.Qwen,
            "--next-edit-format", "zeta", "--model", TinyModels.Qwen, "--repeat", "2");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("format: zeta", run.Stdout);
        Assert.Matches(@"request 1: prompt \d+ ms for (\d+) tokens \(0 reused\)", run.Stderr);
        Assert.Matches(@"request 2: prompt \d+ ms for \d+ tokens \([1-9]\d* reused\)", run.Stderr); // the same prompt again: from the KV cache
        Assert.Contains("peak RSS", run.Stderr);
    }

    [Fact]
    public async Task A_model_made_with_a_zeta_name_gets_zeta_s_format()
    {
        var model = Path.Combine(_cache.Path, "named.gguf");
        var made = await Codepilot.RunAsync(_cache.Path, "model", "make-tiny", model, "--name", "zeta-cli");
        var run = await Codepilot.RunAsync(_cache.Path, "next-edit", File, "--line", "5", "--column", "9", "--next-edit-model", model, "--json");

        Assert.True(made.ExitCode == 0, made.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("zeta-cli (NOT a trained model)", result.GetProperty("model").GetString());
        Assert.Equal("zeta", result.GetProperty("format").GetString());
    }

    public void Dispose()
    {
        _git.Dispose();
        _cache.Dispose();
    }
}
