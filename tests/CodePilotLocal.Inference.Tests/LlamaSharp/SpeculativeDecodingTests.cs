using System.Text;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

/// <summary>Guesses by prompt lookup are checked by the model: the text is exactly what one token at a time gives.</summary>
[Trait("Category", "Model")]
public sealed class SpeculativeDecodingTests
{
    private static async Task<(string Text, GenerationStatistics Statistics)> GenerateAsync(string model, int draftTokens, IReadOnlyList<PromptPart> prompt, IReadOnlyList<string> stopTokens, int maxTokens)
    {
        await using var engine = await LlamaSharpEngine.LoadAsync(
            model, new InferenceOptions { ContextSize = 512, DraftTokens = draftTokens, FlashAttention = false }, NullLogger.Instance, CancellationToken.None);
        var statistics = new GenerationStatistics();
        var text = new StringBuilder();
        await foreach (var piece in engine.GenerateAsync(new GenerationRequest(prompt, maxTokens, TimeSpan.FromSeconds(60), stopTokens, statistics), CancellationToken.None))
        {
            text.Append(piece);
        }

        return (text.ToString(), statistics);
    }

    [SkippableFact]
    public async Task A_trained_model_writes_the_same_story_with_guesses_and_takes_some_of_them()
    {
        Skip.IfNot(TestPaths.HasSharedModel("stories260K.gguf"), "../shared/models is absent");
        var model = TestPaths.SharedModel("stories260K.gguf");
        // A story that repeats itself: what follows a name or a phrase the second time was written once already.
        var prompt = new[] { PromptPart.Text("Once upon a time, there was a little girl named Lily. Lily liked to play. One day, Lily") };

        var plain = await GenerateAsync(model, 0, prompt, [], 96);
        var guessed = await GenerateAsync(model, 8, prompt, [], 96);

        Assert.Equal(plain.Text, guessed.Text);
        Assert.Equal(plain.Statistics.GeneratedTokens, guessed.Statistics.GeneratedTokens);
        Assert.Equal(0, plain.Statistics.DraftTokens);
        Assert.True(guessed.Statistics.DraftTokens > 0, "no guesses made");
        Assert.True(guessed.Statistics.AcceptedDraftTokens > 0, $"none of {guessed.Statistics.DraftTokens} guesses taken");
    }

    [Fact]
    public async Task A_fim_model_answers_the_same_with_guesses()
    {
        var template = FimTemplateCatalog.Qwen;
        var code = "int a = Add(1, 2);\nint b = Add(3, 4);\nint c = Add(5, 6);\nint d = Add(";
        var prompt = template.Build(new FimInput(code, ");\n"));

        var plain = await GenerateAsync(TinyModels.Qwen, 0, prompt, template.StopTokens, 32);
        var guessed = await GenerateAsync(TinyModels.Qwen, 8, prompt, template.StopTokens, 32);

        Assert.Equal(plain.Text, guessed.Text);
        Assert.Equal(plain.Statistics.StopReason, guessed.Statistics.StopReason);
    }
}
