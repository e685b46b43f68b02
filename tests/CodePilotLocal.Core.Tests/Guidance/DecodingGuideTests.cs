using CodePilotLocal.Core.Guidance;
using static CodePilotLocal.Core.Tests.Guidance.GuidanceVocabulary;

namespace CodePilotLocal.Core.Tests.Guidance;

public sealed class DecodingGuideTests
{
    private static readonly Dictionary<string, string[]> Members = new()
    {
        ["items"] = ["Count", "Add", "Clear", "Contains"],
        ["Count"] = ["ToString", "CompareTo"],
        ["Length"] = ["ToString"],
    };

    /// <summary>What the engine does: mask, greedy pick, ask for a veto, pick again, accept.</summary>
    private static string Generate(DecodingGuide? guide, Func<int, float[]> logitsAt, int steps)
    {
        var tokens = new List<int>();
        for (var step = 0; step < steps; step++)
        {
            var logits = logitsAt(step);
            logits[0] = float.NegativeInfinity; // the control token would end the generation
            guide?.NextMask()?.Apply(logits);
            var token = Argmax(logits);
            while (guide?.Veto(token) is { } veto)
            {
                veto.Apply(logits);
                token = Argmax(logits);
            }

            guide?.Accept(token);
            tokens.Add(token);
        }

        return GuidanceVocabulary.Text(tokens);
    }

    private static int Argmax(float[] logits) => Array.IndexOf(logits, logits.Max());

    private static Func<int, float[]> RandomLogits(int seed)
    {
        var random = new Random(seed);
        return _ => Enumerable.Range(0, Spellings.Length).Select(id => (float)random.NextDouble() + (Spellings[id].Contains('.') ? 0.6f : 0)).ToArray();
    }

    private static Func<int, float[]> Preferring(params string[] script) => step =>
    {
        // Otherwise longer tokens first, as a trained model prefers a whole word to its pieces.
        var logits = Spellings.Select(s => s.Length * 0.1f).ToArray();
        if (step < script.Length)
        {
            logits[Id(script[step])] = 10;
        }

        return logits;
    };

    /// <summary>Every member access on a known receiver (outside strings) names a member, or a prefix of one where the text ends.</summary>
    private static List<string> InvalidAccesses(string text)
    {
        var invalid = new List<string>();
        for (var dot = text.IndexOf('.'); dot >= 0; dot = text.IndexOf('.', dot + 1))
        {
            var receiver = DictionaryOracle.ReceiverBefore(text, dot);
            var end = dot + 1;
            while (end < text.Length && IdentifierText.IsIdentifierChar(text[end]))
            {
                end++;
            }

            var name = text[(dot + 1)..end];
            if (text[..dot].Count(c => c == '"') % 2 == 1 || !Members.TryGetValue(receiver, out var names))
            {
                continue;
            }

            var valid = end == text.Length ? names.Any(n => n.StartsWith(name, StringComparison.Ordinal)) : names.Contains(name);
            if (!valid)
            {
                invalid.Add($"{receiver}.{name}");
            }
        }

        return invalid;
    }

    [Fact]
    public void At_a_dot_only_members_of_the_receiver_can_follow()
    {
        var guide = new DecodingGuide(Trie, new GuidanceRequest("", new DictionaryOracle("var n = items.", Members)));

        var text = Generate(guide, Preferring("Len", ";"), 2);

        Assert.DoesNotContain("Len", text);
        Assert.Matches("^(Count|Add|Clear|Contains)", text);
        Assert.Equal("items", guide.Report.Sites[0].Receiver);
        Assert.Empty(InvalidAccesses("var n = items." + text));
    }

    [Fact]
    public void A_valid_choice_of_the_model_is_kept()
    {
        var guide = new DecodingGuide(Trie, new GuidanceRequest("", new DictionaryOracle("items.", Members)));

        Assert.Equal("Count();", Generate(guide, Preferring("Cou", "nt", "();"), 3));
    }

    [Fact]
    public void A_token_that_crosses_a_dot_into_a_missing_member_is_refused()
    {
        var guide = new DecodingGuide(Trie, new GuidanceRequest("", new DictionaryOracle("var n = item", Members)));

        var text = Generate(guide, Preferring("s.Lenght"), 1);

        Assert.NotEqual("s.Lenght", text);
        Assert.Empty(InvalidAccesses("var n = item" + text));
        Assert.True(Assert.Single(guide.Report.Sites).Vetoed);
    }

    [Fact]
    public void A_token_that_crosses_a_dot_into_an_existing_member_is_kept_and_its_name_finished()
    {
        var guide = new DecodingGuide(Trie, new GuidanceRequest("", new DictionaryOracle("var n = item", Members)));

        var text = Generate(guide, Preferring("s.Add", "Len", "("), 3);

        Assert.StartsWith("s.Add", text);
        Assert.Empty(InvalidAccesses("var n = item" + text));
    }

    [Theory]
    [InlineData("items.")]
    [InlineData("var total = items")]
    [InlineData("Console.WriteLine(items")]
    public void With_the_guard_random_models_never_name_a_missing_member(string before)
    {
        var unguardedInvalid = 0;
        for (var seed = 0; seed < 60; seed++)
        {
            var guide = new DecodingGuide(Trie, new GuidanceRequest("", new DictionaryOracle(before, Members)));
            var guarded = Generate(guide, RandomLogits(seed), 40);
            Assert.Empty(InvalidAccesses(before + guarded));
            Assert.Empty(guide.Report.Fallbacks);
            unguardedInvalid += InvalidAccesses(before + Generate(null, RandomLogits(seed), 40)).Count;
        }

        Assert.True(unguardedInvalid > 0, "the unguarded runs should name missing members, or this test proves nothing");
    }

    [Fact]
    public void Guidance_that_never_constrains_leaves_the_output_unchanged()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var guide = new DecodingGuide(Trie, new GuidanceRequest("", new DictionaryOracle("var text = \"", new Dictionary<string, string[]>())));
            Assert.Equal(Generate(null, RandomLogits(seed), 30), Generate(guide, RandomLogits(seed), 30));
        }
    }

    [Fact]
    public void Inside_a_string_nothing_is_guarded()
    {
        var guide = new DecodingGuide(Trie, new GuidanceRequest("", new DictionaryOracle("var s = \"items", Members)));

        Assert.Equal(".Lenght", Generate(guide, Preferring(".Lenght"), 1));
    }

    [Theory]
    [InlineData("Consol", "Console")]
    [InlineData("Cons", "Console")]
    [InlineData("Co", "Count")]
    public void Healing_makes_the_generation_start_with_the_healed_text(string healed, string preferred)
    {
        var guide = new DecodingGuide(Trie, new GuidanceRequest(healed, null));

        var text = Generate(guide, Preferring("x", preferred, ";"), 3);

        Assert.StartsWith(healed, text);
        Assert.True(guide.Report.HealedReproduced);
    }

    [Fact]
    public void Healing_at_a_dot_offers_only_members_starting_with_the_healed_text()
    {
        var guide = new DecodingGuide(Trie, new GuidanceRequest("Co", new DictionaryOracle("items.", Members)));

        var text = Generate(guide, Preferring("Consol", "e", ";"), 3);

        Assert.Matches("^(Count|Contains)[^A-Za-z]", text);
    }

    [Fact]
    public void When_no_member_starts_with_the_healed_text_only_healing_applies()
    {
        var guide = new DecodingGuide(Trie, new GuidanceRequest("Wri", new DictionaryOracle("items.", Members)));

        var text = Generate(guide, Preferring("WriteLine", "();"), 2);

        Assert.Equal("WriteLine();", text);
        Assert.Contains("healing only", Assert.Single(guide.Report.Fallbacks));
    }

    [Fact]
    public void A_member_the_vocabulary_cannot_spell_falls_back_to_unguarded_and_says_why()
    {
        var noBytes = new VocabularyTrie([[], "Count"u8.ToArray(), ";"u8.ToArray(), "x"u8.ToArray()]);
        var guide = new DecodingGuide(noBytes, new GuidanceRequest("", new DictionaryOracle("é.", new Dictionary<string, string[]> { ["é"] = ["Ünïcode"] })));

        Assert.Null(guide.NextMask());
        Assert.Contains("no token", Assert.Single(guide.Report.Fallbacks));
        Assert.False(noBytes.HasByteTokens);
    }
}
