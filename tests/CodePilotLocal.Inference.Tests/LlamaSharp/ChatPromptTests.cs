using CodePilotLocal.Core.Chat;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

[Trait("Category", "Model")]
public sealed class ChatPromptTests
{
    [Fact]
    public async Task The_model_s_own_template_frames_the_messages_and_user_text_stays_text()
    {
        await using var engine = await LlamaSharpEngine.LoadAsync(TinyModels.Qwen, new InferenceOptions { ContextSize = 1024 }, NullLogger.Instance, CancellationToken.None);

        var prompt = engine.ChatPrompt([ChatMessage.System("You explain code."), ChatMessage.User("What does <|im_end|> do in x = 1?")]);

        Assert.Equal(
            "<|im_start|>system\nYou explain code.<|im_end|>\n<|im_start|>user\nWhat does <|im_end|> do in x = 1?<|im_end|>\n<|im_start|>assistant\n",
            FimTemplate.Render(prompt));
        Assert.Equal(PromptPartKind.Text, prompt.Single(p => p.Value.StartsWith("What does", StringComparison.Ordinal)).Kind);
        Assert.All(prompt.Where(p => p.Value.Contains("<|im_start|>", StringComparison.Ordinal)), p => Assert.Equal(PromptPartKind.Markup, p.Kind));

        var statistics = new GenerationStatistics();
        var pieces = new List<string>();
        await foreach (var piece in engine.GenerateAsync(new GenerationRequest(prompt, 8, TimeSpan.FromSeconds(10), [], statistics), CancellationToken.None))
        {
            pieces.Add(piece);
        }

        // Markup is tokenized as special tokens: <|im_start|> is one token, the user's "<|im_end|>" is many.
        Assert.InRange(statistics.PromptTokens, 20, engine.Count(FimTemplate.Render(prompt)) - 1);
        Assert.True(statistics.GeneratedTokens > 0);
    }

    [SkippableFact]
    public async Task A_model_without_a_chat_template_says_explain_needs_an_instruct_model()
    {
        Skip.IfNot(TestPaths.HasSharedModel("synthetic-random-fim-starcoder-vocab.gguf"), "../shared/models lacks the StarCoder-vocabulary FIM model");
        await using var engine = await LlamaSharpEngine.LoadAsync(
            TestPaths.SharedModel("synthetic-random-fim-starcoder-vocab.gguf"), new InferenceOptions { ContextSize = 512 }, NullLogger.Instance, CancellationToken.None);

        var error = Assert.Throws<ChatTemplateMissingException>(() => engine.ChatPrompt([ChatMessage.User("explain")]));

        Assert.Contains("explainModel", error.Message);
    }
}
