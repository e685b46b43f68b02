using System.Text;
using CodePilotLocal.Core.Guidance;
using static CodePilotLocal.Core.Tests.Guidance.GuidanceVocabulary;

namespace CodePilotLocal.Core.Tests.Guidance;

public sealed class VocabularyTrieTests
{
    private static string[] Texts(ReadOnlySpan<int> ids)
    {
        var texts = new List<string>();
        foreach (var id in ids)
        {
            texts.Add(Spellings[id]);
        }

        return [.. texts.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void A_prefix_range_holds_exactly_the_tokens_that_start_with_it()
    {
        Assert.Equal(["Cou", "Count", "Count()", "Count.Value", "Count;", "CountBy"], Texts(Trie.Range("Cou"u8)));
        Assert.Equal(Spellings.Count(s => s.Length > 0), Trie.Range([]).Length);
        Assert.Empty(Texts(Trie.Range("Zebra"u8)));
    }

    [Fact]
    public void Prefix_compatible_tokens_are_prefixes_of_the_text_or_start_with_it()
    {
        var mask = new TokenMask(Trie.Size);
        Trie.AllowPrefixCompatible("Cons"u8, mask);

        Assert.Equal(["C", "Co", "Cons", "Consol", "Console"], mask.Allowed().Select(id => Spellings[id]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Control_tokens_are_never_in_a_range_and_the_printable_bytes_are()
    {
        Assert.DoesNotContain(0, Trie.Range([]).ToArray());
        Assert.True(Trie.HasByteTokens);
        Assert.Equal(0, Trie.Spelling(0).Length);
    }

    [Fact]
    public void A_mask_sets_forbidden_logits_to_minus_infinity_and_keeps_the_others()
    {
        var mask = new TokenMask(130);
        mask.Allow(3);
        mask.Allow(64);
        mask.Allow(129);
        var logits = Enumerable.Range(0, 130).Select(i => (float)i).ToArray();

        mask.Apply(logits);

        Assert.Equal([3f, 64f, 129f], logits.Where(float.IsFinite));
        Assert.Equal(3, mask.Count);
        Assert.Equal(130, new TokenMask(130, allowAll: true).Count);
    }

    [Fact]
    public void Member_constraint_allows_name_prefixes_and_whole_names_followed_by_punctuation()
    {
        var guide = new DecodingGuide(Trie, new GuidanceRequest("", new DictionaryOracle("items.", new Dictionary<string, string[]> { ["items"] = ["Count", "CountBy"] })));
        var allowed = guide.NextMask()!.Allowed().Select(id => Spellings[id]).ToHashSet();

        Assert.Superset(new HashSet<string> { "C", "Co", "Cou", "Count", "Count;", "Count()", "CountBy" }, allowed);
        Assert.DoesNotContain("Consol", allowed);
        Assert.DoesNotContain(".", allowed);
        Assert.DoesNotContain("x", allowed);
        Assert.Equal(Encoding.UTF8.GetByteCount("Count"), Trie.Spelling(Id("Count")).Length);
    }
}
