using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Inference.Tests.Models;

/// <summary>Template detection on the real tokenizers of code models (vocab-only GGUFs from llama.cpp).</summary>
public sealed class ModelInspectorTests
{
    [SkippableTheory]
    [InlineData("ggml-vocab-starcoder.gguf", "starcoder")]
    [InlineData("ggml-vocab-refact.gguf", "starcoder")]
    [InlineData("ggml-vocab-deepseek-coder.gguf", "deepseek-coder")]
    [InlineData("synthetic-random-fim-starcoder-vocab.gguf", "starcoder")]
    public void Picks_the_template_from_the_real_vocabulary(string file, string template)
    {
        Skip.IfNot(TestPaths.HasSharedModel(file), "../shared/models is absent");

        var model = ModelInspector.Inspect(TestPaths.SharedModel(file));

        Assert.Equal(template, model.FimTemplate?.Name);
        Assert.Null(model.CompletionBlocker);
    }

    [SkippableFact]
    public void Stop_tokens_are_only_those_the_vocabulary_has()
    {
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-deepseek-coder.gguf"), "../shared/models is absent");

        var model = ModelInspector.Inspect(TestPaths.SharedModel("ggml-vocab-deepseek-coder.gguf"));

        Assert.Contains("<｜end▁of▁sentence｜>", model.FimTemplate!.StopTokens);
        Assert.Contains("<|EOT|>", model.FimTemplate.StopTokens);
    }

    [SkippableFact]
    public void A_story_model_without_fim_tokens_gets_no_template_and_a_clear_reason()
    {
        Skip.IfNot(TestPaths.HasSharedModel("stories260K.gguf"), "../shared/models is absent");

        var model = ModelInspector.Inspect(TestPaths.SharedModel("stories260K.gguf"));

        Assert.Null(model.FimTemplate);
        Assert.Contains("no fill-in-the-middle tokens", model.CompletionBlocker);
        Assert.Equal(512, model.VocabularySize);
    }

    [Fact]
    public void The_generated_tiny_model_has_qwen_fim_and_repo_level_tokens()
    {
        var model = ModelInspector.Inspect(TinyModels.Qwen);

        Assert.Equal(FimTemplateCatalog.Qwen.Name, model.FimTemplate?.Name);
        Assert.True(model.FimTemplate!.SupportsRepositoryContext);
        Assert.Equal("qwen2", model.Architecture);
        Assert.Contains("NOT a trained model", model.Name);
    }
}
