using System.Text;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

/// <summary>KV-cache reuse must not change what greedy decoding produces.</summary>
[Trait("Category", "Model")]
public sealed class KvReuseTests
{
    private static Task<LlamaSharpEngine> LoadAsync(string path, int cacheReuseChunk = 0) =>
        LlamaSharpEngine.LoadAsync(path, new InferenceOptions { ContextSize = 1024, CacheReuseChunk = cacheReuseChunk }, NullLogger.Instance, CancellationToken.None);

    private static async Task<string> GenerateAsync(LlamaSharpEngine engine, IReadOnlyList<PromptPart> prompt, GenerationStatistics? statistics = null)
    {
        var request = new GenerationRequest(prompt, 24, TimeSpan.FromSeconds(30), [], statistics ?? new GenerationStatistics());
        var text = new StringBuilder();
        await foreach (var piece in engine.GenerateAsync(request, CancellationToken.None))
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    [SkippableFact]
    public async Task Text_generated_with_a_reused_prefix_equals_text_from_a_cold_context()
    {
        Skip.IfNot(TestPaths.HasSharedModel("stories260K.gguf"), "../shared/models is absent");
        var model = TestPaths.SharedModel("stories260K.gguf");
        PromptPart[] first = [PromptPart.Text("Once upon a time, there was a little dog named Max. Max liked to")];
        PromptPart[] second = [PromptPart.Text("Once upon a time, there was a little dog named Max. Max loved to")];
        await using var warm = await LoadAsync(model);
        await using var cold = await LoadAsync(model);

        await GenerateAsync(warm, first);
        var statistics = new GenerationStatistics();
        var reused = await GenerateAsync(warm, second, statistics);
        var fresh = await GenerateAsync(cold, second);

        Assert.True(statistics.ReusedPromptTokens > 10, $"reused {statistics.ReusedPromptTokens}");
        Assert.Equal(fresh, reused);
        Assert.NotEmpty(fresh);
    }

    [Fact]
    public async Task Fim_text_generated_after_other_requests_equals_text_from_a_cold_context()
    {
        var template = FimTemplateCatalog.Qwen;
        var prompts = new[]
        {
            template.Build(new FimInput("int Sum(int[] xs)\n{\n    var total = 0;\n    ", "\n    return total;\n}\n")),
            template.Build(new FimInput("int Sum(int[] xs)\n{\n    var total = 0;\n    for", "\n    return total;\n}\n")),
            template.Build(new FimInput("int Sum(int[] xs)\n{\n    var total = 0;\n    fo", "\n    return total;\n}\n")),
        };
        await using var warm = await LoadAsync(TinyModels.Qwen);

        var warmTexts = new List<string>();
        foreach (var prompt in prompts)
        {
            warmTexts.Add(await GenerateAsync(warm, prompt));
        }

        for (var i = 0; i < prompts.Length; i++)
        {
            await using var cold = await LoadAsync(TinyModels.Qwen);
            Assert.Equal(await GenerateAsync(cold, prompts[i]), warmTexts[i]);
        }
    }

    [Fact]
    public async Task Chunk_reuse_moves_the_unchanged_suffix_after_typing_in_the_middle()
    {
        var template = FimTemplateCatalog.Qwen;
        var suffix = "\n    return total;\n}\n\nint Product(int[] xs)\n{\n    var product = 1;\n    foreach (var x in xs) product *= x;\n    return product;\n}\n";
        await using var engine = await LoadAsync(TinyModels.Qwen, cacheReuseChunk: 16);
        var before = new GenerationStatistics();
        var after = new GenerationStatistics();

        await GenerateAsync(engine, template.Build(new FimInput("int Sum(int[] xs)\n{\n    var total = ", suffix)), before);
        var text = await GenerateAsync(engine, template.Build(new FimInput("int Sum(int[] xs)\n{\n    var total = 0;", suffix)), after);

        var prefixTokens = "<|fim_prefix|>int Sum(int[] xs)\n{\n    var total = ".Length - "<|fim_prefix|>".Length + 1;
        Assert.True(after.ReusedPromptTokens > prefixTokens + suffix.Length / 2, $"reused {after.ReusedPromptTokens} of {after.PromptTokens}");
        Assert.True(after.GeneratedTokens > 0 || after.StopReason == "end-of-text");
        Assert.NotNull(text);
    }
}
