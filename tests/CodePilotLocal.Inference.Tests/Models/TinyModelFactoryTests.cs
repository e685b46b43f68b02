using CodePilotLocal.Inference.Gguf;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Inference.Tests.Models;

public sealed class TinyModelFactoryTests
{
    [SkippableFact]
    public void Copies_every_tokenizer_key_of_the_vocabulary_source()
    {
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-deepseek-coder.gguf"), "../shared/models is absent");
        using var dir = new TempDirectory();
        var source = GgufReader.Read(TestPaths.SharedModel("ggml-vocab-deepseek-coder.gguf"));

        TinyModelFactory.Write(dir.File("m.gguf"), ModelShapes.Tiny with { Architecture = "llama" }, source.Path);
        var made = GgufReader.Read(dir.File("m.gguf"));

        foreach (var key in source.Metadata.Keys.Where(k => k.StartsWith("tokenizer.", StringComparison.Ordinal)))
        {
            Assert.True(made.Metadata.ContainsKey(key), key);
        }

        Assert.Equal(32_256, made.GetInteger("llama.vocab_size"));
        Assert.Equal("deepseek-coder", ModelInspector.Inspect(made, out _).FimTemplate?.Name);
    }

    [Fact]
    public void Named_shapes_carry_the_published_dimensions()
    {
        var shape = ModelShapes.Find("Qwen2.5-Coder-1.5B")!;

        Assert.Equal((1536, 28, 12, 2, 8960, 151_936), (shape.EmbeddingLength, shape.BlockCount, shape.HeadCount,
            shape.KeyValueHeadCount, shape.FeedForwardLength, shape.VocabularySize));
        Assert.Null(ModelShapes.Find("gpt-5"));
    }
}
