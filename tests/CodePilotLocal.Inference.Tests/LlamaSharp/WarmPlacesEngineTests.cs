using System.Text;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

/// <summary>
/// Places left are kept in host memory and put back: going back is warm, and no place ever sees another's
/// state. Flash attention is off here: its tiled reduction depends on where cells sit in the cache, so with
/// it a restored place's logits may differ from a cold context's in the last bits, which flips a random
/// model's greedy choices. Without it, equal is exact.
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

    /// <summary>Each place's answer from a fresh engine.</summary>
    private static async Task<List<string>> ColdAsync()
    {
        var texts = new List<string>();
        foreach (var place in Places)
        {
            await using var cold = await LoadAsync(0);
            texts.Add(await GenerateAsync(cold, place, new GenerationStatistics()));
        }

        return texts;
    }

    [Fact]
    public async Task Going_back_to_a_place_is_warm_and_every_answer_equals_a_cold_context()
    {
        var cold = await ColdAsync();
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
    public async Task With_no_budget_no_place_is_kept()
    {
        var cold = await ColdAsync();
        await using var engine = await LoadAsync(0);

        var statistics = new List<GenerationStatistics>();
        foreach (var place in new[] { 0, 1, 0 })
        {
            var stats = new GenerationStatistics();
            Assert.Equal(cold[place], await GenerateAsync(engine, Places[place], stats));
            statistics.Add(stats);
        }

        // Going back to the first evaluates it again, past the shared header.
        Assert.False(statistics[2].ResumedPlace);
        Assert.True(statistics[2].ReusedPromptTokens < statistics[2].PromptTokens / 2, $"reused {statistics[2].ReusedPromptTokens}");
    }

    [Fact]
    public async Task Over_budget_the_least_recently_used_place_is_given_up()
    {
        var cold = await ColdAsync();
        long onePlace;
        await using (var probe = await LoadAsync(8L << 20))
        {
            await GenerateAsync(probe, Places[0], new GenerationStatistics());
            await GenerateAsync(probe, Places[1], new GenerationStatistics());
            onePlace = probe.KeptBytes;
        }

        await using var engine = await LoadAsync(onePlace * 3 / 2);
        var visits = new List<(int Place, GenerationStatistics Statistics)>();
        foreach (var place in new[] { 0, 1, 2, 0, 2 })
        {
            var statistics = new GenerationStatistics();
            Assert.Equal(cold[place], await GenerateAsync(engine, Places[place], statistics));
            visits.Add((place, statistics));
            Assert.InRange(engine.KeptBytes, 0, onePlace * 3 / 2);
        }

        Assert.True(onePlace > 0);
        Assert.False(visits[3].Statistics.ResumedPlace); // the first place went when the second was kept
        Assert.True(visits[4].Statistics.ResumedPlace); // the third was kept when the cursor went back to the first
    }

    [Fact]
    public async Task What_the_live_place_does_never_reaches_a_kept_place()
    {
        // A's header changes at its very start, and chunk reuse moves A's cached header (all of it, as A
        // is the only place in the KV cache); B, kept since, must stay exactly as a cold context has it.
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
        Assert.True(changed.ResumedPlace);
        Assert.True(changed.ReusedPromptTokens > changed.PromptTokens / 2, $"changed A reused {changed.ReusedPromptTokens} of {changed.PromptTokens}");
        var back = new GenerationStatistics();

        Assert.Equal(coldB, await GenerateAsync(engine, b, back));
        Assert.True(back.ResumedPlace);
    }
}
