using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

/// <summary>Real GGUF files through real llama.cpp. Random-weight models: mechanics only, never their text.</summary>
[Trait("Category", "Model")]
public sealed class LlamaSharpEngineTests
{
    private static readonly InferenceOptions Options = new() { ContextSize = 1024 };

    private static Task<LlamaSharpEngine> LoadAsync(string path) =>
        LlamaSharpEngine.LoadAsync(path, Options, NullLogger.Instance, CancellationToken.None);

    private static GenerationRequest FimRequest(FimTemplate template, string prefix, string suffix, int maxTokens = 16) =>
        new(template.Build(new FimInput(prefix, suffix)), maxTokens, TimeSpan.FromSeconds(30), template.StopTokens, new GenerationStatistics());

    private static async Task<string> CollectAsync(IAsyncEnumerable<string> stream)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var piece in stream)
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    [SkippableFact]
    public async Task A_real_trained_model_writes_real_text()
    {
        Skip.IfNot(TestPaths.HasSharedModel("stories260K.gguf"), "../shared/models is absent");
        await using var engine = await LoadAsync(TestPaths.SharedModel("stories260K.gguf"));
        var request = new GenerationRequest([PromptPart.Text("Once upon a time")], 48, TimeSpan.FromSeconds(30), [], new GenerationStatistics());

        var text = await CollectAsync(engine.GenerateAsync(request, CancellationToken.None));

        // stories260K is trained on TinyStories: its continuation is English made of common words.
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length >= 5, text);
        Assert.Contains(words, w => w.Trim(',', '.') is "the" or "a" or "was" or "she" or "he" or "and" or "to");
        Assert.True(request.Statistics.GeneratedTokens > 0);
    }

    [Fact]
    public async Task A_fim_prompt_on_the_tiny_model_generates_within_the_token_limit()
    {
        await using var engine = await LoadAsync(TinyModels.Qwen);
        var request = FimRequest(engine.Model.FimTemplate!, "int Add(int a, int b) {\n    return ", ";\n}\n", maxTokens: 12);

        await CollectAsync(engine.GenerateAsync(request, CancellationToken.None));

        var stats = request.Statistics;
        Assert.InRange(stats.GeneratedTokens, 0, 12);
        Assert.True(stats.PromptTokens > 30, $"prompt tokens {stats.PromptTokens}");
        Assert.Contains(stats.StopReason, new[] { "max-tokens", "end-of-text" });
    }

    [Fact]
    public async Task The_same_prompt_twice_reuses_the_kv_cache()
    {
        await using var engine = await LoadAsync(TinyModels.Qwen);
        var template = engine.Model.FimTemplate!;
        var first = FimRequest(template, "var total = 0;\nforeach (var x in items)\n{\n    total += ", "\n}\n", 4);
        var second = FimRequest(template, "var total = 0;\nforeach (var x in items)\n{\n    total += x", "\n}\n", 4);

        await CollectAsync(engine.GenerateAsync(first, CancellationToken.None));
        await CollectAsync(engine.GenerateAsync(second, CancellationToken.None));

        Assert.Equal(0, first.Statistics.ReusedPromptTokens);
        // Typing one character keeps everything before the cursor in the cache.
        Assert.True(second.Statistics.ReusedPromptTokens >= 30, $"reused {second.Statistics.ReusedPromptTokens}");
        Assert.True(second.Statistics.EvaluatedPromptTokens < second.Statistics.PromptTokens / 2);
    }

    [Fact]
    public async Task Cancellation_stops_generation_within_one_token()
    {
        await using var engine = await LoadAsync(TinyModels.Qwen);
        var request = FimRequest(engine.Model.FimTemplate!, "class A {\n", "}\n", maxTokens: 500);
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.GenerateAsync(request, cts.Token))
            {
                if (++seen == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(3, seen);
        Assert.InRange(request.Statistics.GeneratedTokens, 3, 4);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_refused_and_the_engine_still_serves()
    {
        await using var engine = await LoadAsync(TinyModels.Qwen);
        var template = engine.Model.FimTemplate!;
        var huge = FimRequest(template, new string('x', 5000), "", 8);

        await Assert.ThrowsAsync<PromptTooLongException>(() => CollectAsync(engine.GenerateAsync(huge, CancellationToken.None)));

        var small = FimRequest(template, "x = ", "", 2);
        await CollectAsync(engine.GenerateAsync(small, CancellationToken.None));
        Assert.True(small.Statistics.PromptTokens > 0);
    }

    [Fact]
    public async Task Special_token_text_in_user_code_is_not_read_as_a_special_token()
    {
        await using var engine = await LoadAsync(TinyModels.Qwen);
        var template = engine.Model.FimTemplate!;
        var plain = FimRequest(template, "s = \"", "\"", 1);
        var sneaky = FimRequest(template, "s = \"<|fim_middle|>", "\"", 1);

        await CollectAsync(engine.GenerateAsync(plain, CancellationToken.None));
        await CollectAsync(engine.GenerateAsync(sneaky, CancellationToken.None));

        // Byte-level vocabulary: the 14 characters of the marker are 14 tokens, not the 1 special token.
        Assert.Equal(plain.Statistics.PromptTokens + 14, sneaky.Statistics.PromptTokens);
    }

    [SkippableFact]
    public async Task A_vocabulary_only_file_is_refused_with_a_clear_message()
    {
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-starcoder.gguf"), "../shared/models is absent");

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => LoadAsync(TestPaths.SharedModel("ggml-vocab-starcoder.gguf")));

        Assert.Contains("vocabulary-only", e.Message);
    }

    [Fact]
    public async Task Missing_truncated_and_foreign_files_are_refused_with_clear_messages()
    {
        using var dir = new TempDirectory();
        var truncated = dir.File("cut.gguf");
        File.WriteAllBytes(truncated, File.ReadAllBytes(TinyModels.Qwen)[..4000]);
        var foreign = dir.Write("notes.gguf", "just some text, not a model at all");

        Assert.Contains("not found", (await Assert.ThrowsAsync<ModelLoadException>(() => LoadAsync(dir.File("none.gguf")))).Message);
        Assert.Contains("truncated", (await Assert.ThrowsAsync<ModelLoadException>(() => LoadAsync(truncated))).Message);
        Assert.Contains("not a GGUF", (await Assert.ThrowsAsync<ModelLoadException>(() => LoadAsync(foreign))).Message);
    }

    [Fact]
    public async Task An_unsupported_architecture_is_refused_by_name()
    {
        using var dir = new TempDirectory();
        var path = dir.File("alien.gguf");
        TinyModelFactory.Write(path, ModelShapes.Tiny with { Architecture = "alien9000" });

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => LoadAsync(path));

        Assert.Contains("alien9000", e.Message);
    }

    [Fact]
    public async Task A_quantized_kv_cache_the_model_cannot_take_is_refused_not_crashed_on()
    {
        // The tiny model's attention heads have 16 dimensions; q8_0 blocks hold 32.
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => LlamaSharpEngine.LoadAsync(
            TinyModels.Qwen, Options with { KvCacheType = "q8_0" }, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("multiple of 32", e.Message);
    }
}
