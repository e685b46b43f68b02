using CodePilotLocal.Inference.Gguf;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Inference.Tests.Models;

public sealed class BrokenCharacterTokensTests
{
    [Fact]
    public void Byte_level_tokens_that_hold_part_of_a_character_are_found()
    {
        // GPT-2's byte-level spelling: "Ã" is the byte 0xC3 alone (half of "é"), "Ã©" both bytes (all of "é").
        string[] tokens = ["Ġreturn", "Ã", "Ã©", "<fim_prefix>", "âĢ", "âĢľ"];

        Assert.Equal([1, 4], BrokenCharacterTokens.In(tokens, "gpt2").Order());
    }

    [Fact]
    public void Byte_fallback_tokens_above_ascii_are_found_and_other_tokenizers_have_none()
    {
        string[] tokens = ["<0x41>", "<0xE2>", "▁return", "<0x0A>", "<0x80>"];

        Assert.Equal([1, 4], BrokenCharacterTokens.In(tokens, "llama").Order());
        Assert.Empty(BrokenCharacterTokens.In(tokens, "bert"));
    }

    [SkippableFact]
    public void A_made_model_has_zero_output_rows_for_exactly_those_tokens()
    {
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-starcoder.gguf"), "../shared/models is absent");
        using var dir = new TempDirectory();
        var vocabulary = GgufReader.Read(TestPaths.SharedModel("ggml-vocab-starcoder.gguf"));
        var broken = BrokenCharacterTokens.In(vocabulary.GetStringArray("tokenizer.ggml.tokens")!, vocabulary.GetString("tokenizer.ggml.model"));

        TinyModelFactory.Write(dir.File("m.gguf"), ModelShapes.Tiny, vocabulary.Path);

        var made = GgufReader.Read(dir.File("m.gguf"));
        var output = made.Tensors.Single(t => t.Name == "output.weight");
        var rowBytes = (int)output.Dimensions[0] / 32 * 34; // q8_0: 32 weights in 34 bytes
        using var file = File.OpenRead(made.Path);
        var row = new byte[rowBytes];
        bool IsZero(int token)
        {
            file.Position = made.DataOffset + (long)output.Offset + (long)token * rowBytes;
            file.ReadExactly(row);
            return Enumerable.Range(0, rowBytes / 34).All(b => row.AsSpan(b * 34 + 2, 32).IndexOfAnyExcept((byte)0) < 0);
        }

        Assert.NotEmpty(broken);
        Assert.All(broken, token => Assert.True(IsZero(token), $"token {token}"));
        Assert.False(IsZero(Enumerable.Range(0, 1000).First(t => !broken.Contains(t))));
    }
}
