using System.Text;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Core.Guidance;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.TestSupport;
using LLama;
using LLama.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

/// <summary>Token masks on real llama.cpp logits, with real tokenizers. Random weights: the guarantee is tested, never the text's quality.</summary>
[Trait("Category", "Model")]
public sealed class GuidedGenerationTests
{
    private const string StarCoderModel = "synthetic-random-fim-starcoder-vocab.gguf";
    private static readonly InferenceOptions Options = new() { ContextSize = 1024 };

    /// <summary>A fixed member list after the prompt's last dot, and after any generated dot whose receiver is in the table.</summary>
    private sealed class TableOracle(string before, Dictionary<string, string[]> members) : IMemberOracle
    {
        public MemberSite? MembersAfter(string generated)
        {
            var text = before + generated;
            if (!text.EndsWith('.'))
            {
                return null;
            }

            var start = text.Length - 1;
            while (start > 0 && IdentifierText.IsIdentifierChar(text[start - 1]))
            {
                start--;
            }

            return members.TryGetValue(text[start..^1], out var names) ? new MemberSite(text[start..^1], names) : null;
        }
    }

    private static GenerationRequest Request(FimTemplate template, string prefix, string suffix, GuidanceRequest? guidance, int maxTokens = 12) =>
        new(template.Build(new FimInput(prefix, suffix)), maxTokens, TimeSpan.FromSeconds(30), template.StopTokens, new GenerationStatistics()) { Guidance = guidance };

    private static async Task<string> CollectAsync(IAsyncEnumerable<string> stream)
    {
        var text = new StringBuilder();
        await foreach (var piece in stream)
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    public static TheoryData<string> Models() => [StarCoderModel, "tiny-qwen"];

    private static string PathOf(string model) => model == "tiny-qwen" ? TinyModels.Qwen : TestPaths.SharedModel(model);

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public async Task After_a_dot_the_first_identifier_is_always_a_member(string model)
    {
        Skip.IfNot(File.Exists(PathOf(model)), "../shared/models is absent");
        await using var engine = await LlamaSharpEngine.LoadAsync(PathOf(model), Options, NullLogger.Instance, CancellationToken.None);
        string[] names = ["TotalPrice", "Lines", "AddLine", "ToString", "Equals"];
        var template = engine.Model.FimTemplate!;
        foreach (var variable in new[] { "order", "o", "current", "first", "item" })
        {
            var prefix = $"decimal Sum(Order {variable})\n{{\n    return {variable}.";
            var guidance = new GuidanceRequest("", new TableOracle(prefix, new() { [variable] = names }));
            var text = await CollectAsync(engine.GenerateAsync(Request(template, prefix, ";\n}\n", guidance), CancellationToken.None));

            var word = new string(text.TakeWhile(IdentifierText.IsIdentifierChar).ToArray());
            Assert.True(names.Contains(word) || word.Length == text.Length && names.Any(n => n.StartsWith(word, StringComparison.Ordinal)), $"{variable}. → '{text}'");
            Assert.Empty(guidance.Report.Fallbacks);
            Assert.NotEmpty(guidance.Report.MicrosecondsPerToken);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public async Task Healing_reproduces_the_partial_word_exactly(string model)
    {
        Skip.IfNot(File.Exists(PathOf(model)), "../shared/models is absent");
        await using var engine = await LlamaSharpEngine.LoadAsync(PathOf(model), Options, NullLogger.Instance, CancellationToken.None);
        var template = engine.Model.FimTemplate!;
        foreach (var healed in new[] { "Consol", "C", "Console", "12", "=>", "==", "é", "_items", "réel" })
        {
            var guidance = new GuidanceRequest(healed, null);
            var text = await CollectAsync(engine.GenerateAsync(Request(template, "var x = ", ";\n", guidance), CancellationToken.None));

            Assert.StartsWith(healed, text);
            Assert.True(guidance.Report.HealedReproduced, healed);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public async Task Guidance_that_never_constrains_gives_exactly_the_unguided_output(string model)
    {
        Skip.IfNot(File.Exists(PathOf(model)), "../shared/models is absent");
        await using var engine = await LlamaSharpEngine.LoadAsync(PathOf(model), Options, NullLogger.Instance, CancellationToken.None);
        var template = engine.Model.FimTemplate!;
        const string prefix = "var total = 0;\nfor (var i = 0; i < 10; i++)\n{\n    total += ";
        var plain = await CollectAsync(engine.GenerateAsync(Request(template, prefix, "\n}\n", null, 24), CancellationToken.None));
        var guidance = new GuidanceRequest("", new TableOracle(prefix, []));
        var guided = await CollectAsync(engine.GenerateAsync(Request(template, prefix, "\n}\n", guidance, 24), CancellationToken.None));

        Assert.Equal(plain, guided);
    }

    /// <summary>
    /// The vocabulary-only tokenizers cannot generate, so random logits stand in for a model: whatever the
    /// logits, the guide must make the first tokens spell the healed text exactly, across each tokenizer's
    /// own boundaries (SentencePiece-style spaces, byte tokens for non-ASCII, operators, digits).
    /// </summary>
    [SkippableTheory]
    [InlineData("ggml-vocab-deepseek-coder.gguf")]
    [InlineData("ggml-vocab-starcoder.gguf")]
    [InlineData("ggml-vocab-refact.gguf")]
    public void Healing_spells_the_word_exactly_in_real_tokenizers_whatever_the_logits(string vocabulary)
    {
        Skip.IfNot(TestPaths.HasSharedModel(vocabulary), "../shared/models is absent");
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(TestPaths.SharedModel(vocabulary)) { VocabOnly = true });
        var trie = VocabularySpellings.Build(weights.NativeHandle);
        var random = new Random(7);
        foreach (var healed in new[] { "Consol", "C", "WriteLine", "12", "=>", "!=", "réel", "_items", "Ünïcode", "x1" })
        {
            for (var run = 0; run < 5; run++)
            {
                var guide = new DecodingGuide(trie, new GuidanceRequest(healed, null));
                var text = new List<byte>();
                for (var step = 0; step < healed.Length + 2; step++)
                {
                    var logits = Enumerable.Range(0, trie.Size).Select(_ => (float)random.NextDouble()).ToArray();
                    guide.NextMask()?.Apply(logits);
                    var token = Array.IndexOf(logits, logits.Max());
                    guide.Accept(token);
                    text.AddRange(trie.Spelling(token).ToArray());
                }

                Assert.StartsWith(healed, Encoding.UTF8.GetString(text.ToArray()));
                Assert.True(guide.Report.HealedReproduced, $"{vocabulary}: {healed}");
            }
        }
    }

    [SkippableFact]
    public void A_real_bpe_vocabulary_spells_every_printable_byte_and_long_words()
    {
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-deepseek-coder.gguf"), "../shared/models is absent");
        foreach (var vocabulary in new[] { "ggml-vocab-deepseek-coder.gguf", "ggml-vocab-starcoder.gguf" })
        {
            using var weights = LLamaWeights.LoadFromFile(new ModelParams(TestPaths.SharedModel(vocabulary)) { VocabOnly = true });
            var trie = VocabularySpellings.Build(weights.NativeHandle);

            Assert.True(trie.HasByteTokens, vocabulary);
            Assert.True(trie.Range("Console"u8).Length > 0 || trie.Range("Con"u8).Length > 0, vocabulary);
            Assert.Equal(0, trie.Spelling((int)weights.Vocab.EOS!.Value).Length); // a control token: never offered by a constraint
        }
    }
}
