using System.Text.Json;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Cli.Tests.Commands;

/// <summary>The semantic guard and token healing from the command line, on a real workspace and a random-weight model (mechanics, never its text).</summary>
[Trait("Category", "Model")]
public sealed class GuidanceCommandTests : IDisposable
{
    private static readonly string[] InvoiceMembers = ["Total", "AddLine", "Lines", "ApplyDiscount", "Equals", "GetHashCode", "GetType", "ToString"];
    private readonly ShopWorkspace _shop = new();
    private readonly TempDirectory _cache = new();

    private string OrderService => Path.Combine(_shop.Root, ShopWorkspace.OrderServicePath);

    private Task<Codepilot.Result> CompleteAsync(string typed, params string[] options)
    {
        File.WriteAllText(OrderService, _shop.OrderServiceText.Insert(_shop.CursorOffset, typed));
        var (line, column) = _shop.CursorPosition;
        return Codepilot.RunAsync(_cache.Path, [
            "complete", OrderService, "--line", (line + 1).ToString(), "--column", (column + 1 + typed.Length).ToString(),
            "--model", TinyModels.Qwen, "--max-tokens", "12", "--json", .. options]);
    }

    [Fact]
    public async Task Complete_json_shows_the_guarded_member_access_and_the_suggestion_names_a_member()
    {
        var run = await CompleteAsync("");

        Assert.True(run.ExitCode is 0 or 1, run.Stderr);
        var guidance = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("guidance");
        var site = guidance.GetProperty("guarded").EnumerateArray().First();
        Assert.Equal("invoice", site.GetProperty("receiver").GetString());
        Assert.Equal(InvoiceMembers.Length, site.GetProperty("members").GetInt32());
        var written = guidance.GetProperty("beforeCompileCheck").GetString()!;
        var word = new string(written.TakeWhile(char.IsLetterOrDigit).ToArray());
        Assert.True(InvoiceMembers.Contains(word) || InvoiceMembers.Any(m => m.StartsWith(word, StringComparison.Ordinal) && word.Length == written.Length), written);
        Assert.True(guidance.GetProperty("microsecondsPerToken").GetProperty("p50").GetDouble() >= 0);
    }

    [Fact]
    public async Task Complete_heals_the_word_being_typed_and_offers_only_members_that_start_with_it()
    {
        var run = await CompleteAsync("Add");

        var json = JsonDocument.Parse(run.Stdout).RootElement;
        var guidance = json.GetProperty("guidance");
        Assert.Equal("Add", guidance.GetProperty("healed").GetString());
        Assert.Equal(1, guidance.GetProperty("guarded")[0].GetProperty("members").GetInt32()); // AddLine
        var written = guidance.GetProperty("beforeCompileCheck").GetString()!;
        Assert.True(written.Length == 0 || "Line".StartsWith(written, StringComparison.Ordinal) || written.StartsWith("Line", StringComparison.Ordinal), written);
    }

    [Fact]
    public async Task With_the_guard_and_healing_off_nothing_is_guarded_or_healed()
    {
        var run = await CompleteAsync("Add", "--semantic-guard", "false", "--token-healing", "false");

        var guidance = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("guidance");
        Assert.Equal("", guidance.GetProperty("healed").GetString());
        Assert.Empty(guidance.GetProperty("guarded").EnumerateArray());
        Assert.Empty(guidance.GetProperty("cut").EnumerateArray());
    }

    [Theory]
    [InlineData("complete", "--semantic-guard", "maybe")]
    [InlineData("complete", "--token-healing", "yes")]
    [InlineData("bench", "--semantic-guard", "1")]
    [InlineData("eval", "--at", "everywhere")]
    public async Task A_bad_value_gets_one_line_naming_the_option_and_exit_code_2(string command, string option, string value)
    {
        string[] required = command == "complete" ? [OrderService, "--line", "1", "--column", "1"] : [];
        var run = await Codepilot.RunAsync(_cache.Path, [command, .. required, option, value]);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, line);
        Assert.Contains(value, line);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task Eval_at_member_accesses_reports_identifier_validity_and_compiles_with_the_guard_on_and_off()
    {
        var run = await Codepilot.RunAsync(_cache.Path, "eval", _shop.Root, "--at", "member-accesses", "-n", "4", "--json",
            "--model", TinyModels.Qwen, "--max-tokens", "8", "--time-budget-ms", "3000");

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        foreach (var key in new[] { "identifier_validity", "compiles", "unguarded_identifier_validity", "unguarded_compiles", "guarded_sites" })
        {
            Assert.True(json.TryGetProperty(key, out _), key);
        }

        Assert.True(json.GetProperty("guarded_sites").GetInt32() > 0);
        if (json.GetProperty("identifier_validity").ValueKind == JsonValueKind.Number)
        {
            Assert.Equal(1.0, json.GetProperty("identifier_validity").GetDouble());
        }
    }

    [Fact]
    public async Task Bench_compares_the_guard_on_and_off_in_one_run()
    {
        var run = await Codepilot.RunAsync(_cache.Path, "bench", OrderService, "--model", TinyModels.Qwen, "--sites", "2", "--chars-per-site", "4", "--cps", "0", "--compare-guard", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(json.GetProperty("unguarded").TryGetProperty("p50_ms", out _));
        Assert.True(json.GetProperty("guard_ratio_p50").GetDouble() > 0);
        Assert.True(json.TryGetProperty("guidance_us_per_token_p50", out _));
    }

    public void Dispose()
    {
        _shop.Dispose();
        _cache.Dispose();
    }
}
