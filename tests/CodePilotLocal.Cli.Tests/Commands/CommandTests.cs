using System.Text.Json;
using CodePilotLocal.Inference.Gguf;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Cli.Tests.Commands;

[Trait("Category", "Model")]
public sealed class CommandTests
{
    private const string Calculator = "namespace Demo;\n\npublic sealed class Calculator\n{\n    public int Add(int a, int b)\n    {\n        var result = a + b;\n        return result;\n    }\n}\n";

    [Fact]
    public async Task Complete_prints_the_suggestion_for_a_one_based_position()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("Calculator.cs", Calculator);

        var run = await Codepilot.RunAsync(dir.Path, "complete", file, "--line", "7", "--column", "22", "--model", TinyModels.Qwen, "--json");

        Assert.True(run.ExitCode is 0 or 1, run.Stderr);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("qwen", json.GetProperty("template").GetString());
        Assert.Contains("NOT a trained model", json.GetProperty("model").GetString());
        if (run.ExitCode == 0)
        {
            Assert.Equal("SingleLine", json.GetProperty("mode").GetString());
            Assert.DoesNotContain('\n', json.GetProperty("text").GetString()!);
            Assert.True(json.GetProperty("promptTokens").GetInt32() > 100);
        }
        else
        {
            Assert.Contains("No suggestion", run.Stderr);
        }
    }

    [Fact]
    public async Task Complete_explains_a_position_past_the_end_and_a_missing_model()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("Calculator.cs", Calculator);

        var pastEnd = await Codepilot.RunAsync(dir.Path, "complete", file, "--line", "99", "--column", "1", "--model", TinyModels.Qwen);
        var noModel = await Codepilot.RunAsync(dir.Path, "complete", file, "--line", "1", "--column", "1");

        Assert.Equal(2, pastEnd.ExitCode);
        Assert.Contains("past the end", pastEnd.Stderr);
        Assert.Equal(2, noModel.ExitCode);
        Assert.Contains("no model", noModel.Stderr);
        Assert.Empty(noModel.Stdout);
    }

    [SkippableFact]
    public async Task Model_info_names_the_template_of_a_real_tokenizer()
    {
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-deepseek-coder.gguf"), "../shared/models is absent");
        using var dir = new TempDirectory();

        var run = await Codepilot.RunAsync(dir.Path, "model", "info", TestPaths.SharedModel("ggml-vocab-deepseek-coder.gguf"), "--json");

        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("deepseek-coder", json.GetProperty("fimTemplate").GetString());
        Assert.Equal(32_256, json.GetProperty("VocabularySize").GetInt32());
        Assert.Equal(0, json.GetProperty("TensorCount").GetInt32());
    }

    [Fact]
    public async Task Model_info_refuses_a_file_that_is_not_gguf()
    {
        using var dir = new TempDirectory();

        var run = await Codepilot.RunAsync(dir.Path, "model", "info", dir.Write("x.gguf", "hello"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a GGUF model", run.Stderr);
    }

    [SkippableFact]
    public async Task Make_tiny_writes_a_loadable_model_with_a_borrowed_vocabulary()
    {
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-starcoder.gguf"), "../shared/models is absent");
        using var dir = new TempDirectory();
        var output = dir.File("made.gguf");

        var made = await Codepilot.RunAsync(dir.Path, "model", "make-tiny", output, "--vocab", TestPaths.SharedModel("ggml-vocab-starcoder.gguf"), "--arch", "llama");
        var info = await Codepilot.RunAsync(dir.Path, "model", "info", output);

        Assert.Equal(0, made.ExitCode);
        Assert.Contains("FIM template starcoder", made.Stdout);
        Assert.Equal("llama", GgufReader.Read(output).Architecture);
        Assert.Contains("RANDOM", info.Stdout);
    }

    [Fact]
    public async Task Demo_shows_a_completion_and_says_which_model_made_it()
    {
        using var dir = new TempDirectory();

        var run = await Codepilot.RunAsync(dir.Path, "demo", "--model", TinyModels.Qwen);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Model: " + TinyModels.Qwen, run.Stdout);
        Assert.Contains("FIM template: qwen", run.Stdout);
        Assert.Contains("RANDOM weights", run.Stdout);
        Assert.Matches("(Suggested by random-tiny|No suggestion after)", run.Stdout);
    }

    [Fact]
    public async Task Demo_without_a_named_model_finds_or_generates_one_and_says_it_is_random()
    {
        using var dir = new TempDirectory();

        var run = await Codepilot.RunAsync(dir.Path, "demo");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("RANDOM weights", run.Stdout);
    }
}
