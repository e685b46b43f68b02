using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Cli.Tests.Commands;

[Trait("Category", "Model")]
public sealed class ExplainFixCommandTests : IDisposable
{
    private readonly ShopWorkspace _shop = new();
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Explain_streams_the_model_s_answer_and_names_the_model()
    {
        var run = await Codepilot.RunAsync(_cache.Path, "explain", Path.Combine(_shop.Root, ShopWorkspace.InvoicePath), "--lines", "11-15", "--model", TinyModels.Qwen);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("NOT a trained model", run.Stderr);
        Assert.Contains("stop:", run.Stderr);
    }

    [Fact]
    public async Task Explain_and_fix_refuse_bad_input_with_a_reason()
    {
        var invoice = Path.Combine(_shop.Root, ShopWorkspace.InvoicePath);

        var pastTheEnd = await Codepilot.RunAsync(_cache.Path, "explain", invoice, "--lines", "400-410", "--model", TinyModels.Qwen);
        var badLines = await Codepilot.RunAsync(_cache.Path, "fix", invoice, "--lines", "9-3", "--model", TinyModels.Qwen);
        var notCSharp = await Codepilot.RunAsync(_cache.Path, "fix", Path.Combine(_shop.Root, "README.md"), "--lines", "1-2", "--model", TinyModels.Qwen);

        Assert.Equal((2, 2, 2), (pastTheEnd.ExitCode, badLines.ExitCode, notCSharp.ExitCode));
        Assert.Contains("not in the file", pastTheEnd.Stderr);
        Assert.Contains("--lines takes", badLines.Stderr);
        Assert.Contains("C# files", notCSharp.Stderr);
    }

    [Fact]
    public async Task Fix_never_writes_a_candidate_that_fails_the_compile_check()
    {
        var order = Path.Combine(_shop.Root, ShopWorkspace.OrderServicePath);
        var broken = _shop.OrderServiceText.Replace("invoice.\n        return", "return", StringComparison.Ordinal).Replace("new Invoice()", "new Invoce()", StringComparison.Ordinal);
        File.WriteAllText(order, broken);

        var run = await Codepilot.RunAsync(_cache.Path, "fix", order, "--lines", "9", "--apply", "--model", TinyModels.Qwen, "--context-tokens", "0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No candidate passed the compile check (3 tried)", run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Equal(broken, File.ReadAllText(order));
    }

    public void Dispose()
    {
        _shop.Dispose();
        _cache.Dispose();
    }
}
