using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Cli.Tests.Commands;

/// <summary>
/// Every command, one bad value of each kind it takes (a URL, a path, a number out of range, an unknown
/// value of a list): one line on stderr naming the option and the value, exit code 2, no stack trace, and
/// nothing loaded or written.
/// </summary>
public sealed class BadOptionValueTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string[], string> Cases() => new()
    {
        // URLs
        { ["bench", "--against", "127.0.0.1:8080"], "--against" },
        { ["serve", "--backend", "llama-server", "--endpoint", "gpu-box"], "--endpoint" },
        { ["model", "pull", "tiny", "--base-url", "ftp://mirror/"], "--base-url" },
        // paths
        { ["bench", "--llama-server", "/no/such/llama-server"], "--llama-server" },
        { ["model", "make-tiny", "OUT", "--vocab", "/no/such/vocab.gguf"], "--vocab" },
        // numbers out of range
        { ["serve", "--threads", "0"], "--threads" },
        { ["complete", "FILE", "--line", "0", "--column", "1"], "--line" },
        { ["context", "FILE", "--line", "1", "--column", "-4"], "--column" },
        { ["demo", "--context-size", "12"], "--context-size" },
        { ["eval", "-n", "0"], "--n" },
        { ["bench", "--cps", "-1"], "--cps" },
        { ["bench-index", "--lines", "5"], "--lines" },
        { ["index", "--max-file-bytes", "10"], "--max-file-bytes" },
        { ["explain", "FILE", "--lines", "1", "--max-tokens", "0"], "--max-tokens" },
        { ["fix", "FILE", "--lines", "1", "--time-budget-ms", "1"], "--time-budget-ms" },
        { ["doctor", "--gpu-layers", "-1"], "--gpu-layers" },
        { ["serve", "--draft-tokens", "33"], "--draft-tokens" },
        { ["bench", "--warm-places-mb", "-1"], "--warm-places-mb" },
        { ["stats", "--days", "0"], "--days" },
        { ["next-edit", "FILE", "--line", "1", "--column", "0"], "--column" },
        { ["stats", "--days", "91"], "--days" },
        // not a number at all
        { ["serve", "--threads", "many"], "--threads" },
        // values of a list
        { ["serve", "--backend", "cloud"], "--backend" },
        { ["complete", "FILE", "--line", "1", "--column", "1", "--fim-order", "mps"], "--fim-order" },
        { ["bench", "--context-scope", "repository"], "--context-scope" },
        { ["serve", "--kv-type", "q3"], "--kv-type" },
        { ["serve", "--backend-mode", "sometimes"], "--backend-mode" },
        { ["serve", "--flash-attention", "maybe"], "--flash-attention" },
        { ["model", "make-tiny", "OUT", "--shape", "gpt-5"], "--shape" },
        { ["model", "make-tiny", "OUT", "--arch", "gpt"], "--arch" },
        { ["eval", "--at", "everywhere"], "--at" },
        { ["bench", "--semantic-guard", "1"], "--semantic-guard" },
        { ["next-edit", "FILE", "--line", "1", "--column", "1", "--next-edit-format", "cursor"], "--next-edit-format" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_value_gets_one_line_naming_the_option_and_exit_code_2(string[] arguments, string option)
    {
        var file = _dir.Write("File.cs", "class C { }\n");
        var run = await Codepilot.RunAsync(_dir.Path, [.. arguments.Select(a => a switch { "FILE" => file, "OUT" => Path.Combine(_dir.Path, "out.gguf"), _ => a })]);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, line);
        Assert.DoesNotContain("Exception", run.Stderr);
        Assert.Empty(run.Stdout);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "out.gguf")));
    }

    public void Dispose() => _dir.Dispose();
}
