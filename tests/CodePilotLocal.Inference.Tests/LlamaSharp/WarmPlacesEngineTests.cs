using System.Text;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

/// <summary>
/// Several places in one KV cache: going back is warm, and no place ever sees another's state. Flash
/// attention is off here: its tiled reduction depends on where a place's cells sit among the others', so
/// with it a place's logits may differ from a cold context's in the last bits (as with llama-server's
/// slots in one unified cache), which flips a random model's greedy choices. Without it, equal is exact.
/// </summary>
[Trait("Category", "Model")]
public sealed class WarmPlacesEngineTests
{
    private static readonly FimTemplate Template = FimTemplateCatalog.Qwen;

    /// <summary>About 220 tokens of the byte-level vocabulary: two places fill most of a 512-token context.</summary>
    private static string Notes(string what) => $"// {what}: " + string.Concat(Enumerable.Repeat(what[..3] + " ", 50)) + "\n";

    private static readonly IReadOnlyList<PromptPart>[] Places =
    [
        Template.Build(new FimInput(Notes("order") + "class Order\n{\n    decimal Total(int[] xs)\n    {\n        var total = 0m;\n        ", "\n        return total;\n    }\n}\n")),
        Template.Build(new FimInput(Notes("tests") + "class OrderTests\n{\n    void Totals_add_up()\n    {\n        var order = new Order();\n        ", "\n    }\n}\n")),
        Template.Build(new FimInput(Notes("program") + "static class Program\n{\n    static void Main(string[] args)\n    {\n        ", "\n    }\n}\n")),
    ];

    private static Task<LlamaSharpEngine> LoadAsync(long warmBytes, int cacheReuseChunk = 0) =>
        LlamaSharpEngine.LoadAsync(TinyModels.Qwen, new InferenceOptions { ContextSize = 512, CacheReuseChunk = cacheReuseChunk, WarmPlacesBytes = warmBytes, FlashAttention = false }, NullLogger.Instance, CancellationToken.None);

    private static async Task<string> GenerateAsync(LlamaSharpEngine engine, IReadOnlyList<PromptPart> prompt, GenerationStatistics statistics)
    {
        var request = new GenerationRequest(prompt, 16, TimeSpan.FromSeconds(30), Template.StopTokens, statistics);
        var text = new StringBuilder();
        await foreach (var piece in engine.GenerateAsync(request, CancellationToken.None))
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    /// <summary>Each place's answer from a fresh engine with the same cache size (its size alone can change the last bits of attention).</summary>
    private static async Task<List<string>> ColdAsync(long warmBytes)
    {
        var texts = new List<string>();
        foreach (var place in Places)
        {
            await using var cold = await LoadAsync(warmBytes);
            texts.Add(await GenerateAsync(cold, place, new GenerationStatistics()));
        }

        return texts;
    }

    [Fact]
    public async Task Going_back_to_a_place_is_warm_and_every_answer_equals_a_cold_context()
    {
        var cold = await ColdAsync(8L << 20);
        await using var engine = await LoadAsync(8L << 20);

        foreach (var (place, round) in new[] { (0, 1), (1, 1), (2, 1), (0, 2), (1, 2), (2, 2), (0, 3) })
        {
            var statistics = new GenerationStatistics();
            var text = await GenerateAsync(engine, Places[place], statistics);

            Assert.True(cold[place] == text, $"place {place}, round {round}: '{text}' instead of '{cold[place]}'"); // never another place's state
            if (round > 1)
            {
                Assert.True(statistics.ResumedPlace, $"place {place}, round {round}");
                Assert.True(statistics.ReusedPromptTokens >= statistics.PromptTokens - 1, $"reused {statistics.ReusedPromptTokens} of {statistics.PromptTokens}");
            }
        }
    }

    [Fact]
    public async Task With_no_budget_for_more_places_the_least_recently_used_is_given_up()
    {
        var cold = await ColdAsync(0);
        await using var engine = await LoadAsync(0);

        var statistics = new List<GenerationStatistics>();
        foreach (var place in new[] { 0, 1, 0 })
        {
            var stats = new GenerationStatistics();
            Assert.Equal(cold[place], await GenerateAsync(engine, Places[place], stats));
            statistics.Add(stats);
        }

        // One context of cells holds one place: going back to the first evaluates it again, past the shared header.
        Assert.False(statistics[2].ResumedPlace);
        Assert.True(statistics[2].ReusedPromptTokens < statistics[2].PromptTokens / 2, $"reused {statistics[2].ReusedPromptTokens}");
    }

    [Fact]
    public async Task Moving_chunks_in_one_place_never_shifts_the_prefix_it_shares_with_another()
    {
        // B starts from the header it shares with A; then A's header changes at its very start, and chunk reuse
        // would move A's cached header, whose cells B shares. B must stay exactly as a cold context has it.
        var header = Notes("shared header") + "namespace Shop;\n";
        var a = Template.Build(new FimInput(header + "class Order\n{\n    decimal Total()\n    {\n        ", "\n    }\n}\n"));
        var changedA = Template.Build(new FimInput("x" + header + "class Order\n{\n    decimal Total()\n    {\n        ", "\n    }\n}\n"));
        var b = Template.Build(new FimInput(header + "class Program\n{\n    static void Main(string[] args)\n    {\n        Console.WriteLine(args.Length);\n        ", "\n    }\n}\n"));
        string coldB;
        await using (var cold = await LoadAsync(8L << 20, cacheReuseChunk: 32))
        {
            coldB = await GenerateAsync(cold, b, new GenerationStatistics());
        }

        await using var engine = await LoadAsync(8L << 20, cacheReuseChunk: 32);
        await GenerateAsync(engine, a, new GenerationStatistics());
        await GenerateAsync(engine, b, new GenerationStatistics());
        var changed = new GenerationStatistics();
        await GenerateAsync(engine, changedA, changed);
        // The header moved by one token would be reused by moving it, but its cells are B's too: A evaluates it again.
        Assert.True(changed.ReusedPromptTokens < 10, $"changed A reused {changed.ReusedPromptTokens} of {changed.PromptTokens}");
        var back = new GenerationStatistics();

        Assert.Equal(coldB, await GenerateAsync(engine, b, back));
        Assert.True(back.ResumedPlace);
    }
}
