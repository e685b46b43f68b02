using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Core.Tests.Context;

public sealed class ContextAssemblerTests
{
    private static readonly ITokenCounter Characters = new CharacterCounter();

    [Fact]
    public void Takes_turns_between_kinds_within_the_budget()
    {
        var candidates = Enumerable.Range(0, 5).Select(i => Snippet($"similar{i}.cs", SnippetReason.Similar, 10 - i))
            .Append(Snippet("decl.cs", SnippetReason.Semantic, 0.1))
            .Append(Snippet("cochanged.cs", SnippetReason.CoChange, 1));
        var oneSnippet = Characters.Count("similar0.cs") + Characters.Count(new string('x', 40)) + 2;

        var selection = ContextAssembler.Assemble(candidates, 3 * oneSnippet, Characters);

        Assert.Equal(["decl.cs", "cochanged.cs", "similar0.cs"], selection.Snippets.Select(s => s.Snippet.Path));
        Assert.True(selection.Tokens <= 3 * oneSnippet);
        Assert.Equal(4, selection.Skipped);
    }

    [Fact]
    public void Drops_duplicates_and_overlaps_keeping_the_better()
    {
        var selection = ContextAssembler.Assemble(
        [
            new ContextSnippet("a.cs", 1, 24, "first version", SnippetReason.Similar, 1),
            new ContextSnippet("a.cs", 13, 36, "overlapping and better", SnippetReason.Similar, 2),
            new ContextSnippet("b.cs", 1, 5, "first   version", SnippetReason.Similar, 0.5),
            new ContextSnippet("c.cs", 1, 5, "  ", SnippetReason.Similar, 9),
        ], 1000, Characters);

        Assert.Equal(["overlapping and better"], selection.Snippets.Select(s => s.Snippet.Text));
    }

    [Fact]
    public void A_declaration_outline_wins_over_a_raw_chunk_of_the_same_lines()
    {
        var selection = ContextAssembler.Assemble(
        [
            new ContextSnippet("a.cs", 1, 24, "raw chunk", SnippetReason.Similar, 9),
            new ContextSnippet("a.cs", 4, 20, "class A { void M(); }", SnippetReason.Semantic, 0.5),
        ], 1000, Characters);

        Assert.Equal([SnippetReason.Semantic], selection.Snippets.Select(s => s.Snippet.Reason));
    }

    [Fact]
    public void Orders_the_prompt_by_stability_not_by_score()
    {
        var selection = ContextAssembler.Assemble(
        [
            Snippet("z.cs", SnippetReason.Similar, 100),
            Snippet("b.cs", SnippetReason.Semantic, 1),
            Snippet("a.cs", SnippetReason.Semantic, 2),
            Snippet("d.cs", SnippetReason.Diff, 5),
            Snippet("c.cs", SnippetReason.CoChange, 3),
        ], 10_000, Characters);

        Assert.Equal(["a.cs", "b.cs", "c.cs", "d.cs", "z.cs"], selection.Snippets.Select(s => s.Snippet.Path));
    }

    [Fact]
    public void Keeps_what_the_last_prompt_carried_first_and_in_its_order_while_it_is_still_a_candidate()
    {
        var oneSnippet = Characters.Count("a.cs") + Characters.Count(new string('x', 40)) + 2;
        var last = ContextAssembler.Assemble(
            [Snippet("z.cs", SnippetReason.Similar, 9), Snippet("b.cs", SnippetReason.Semantic, 1), Snippet("gone.cs", SnippetReason.Similar, 8)],
            10 * oneSnippet, Characters).Snippets.Select(c => c.Snippet).ToList();
        Assert.Equal(["b.cs", "gone.cs", "z.cs"], last.Select(s => s.Path));

        // At the next place, a new declaration and new similar code rank above what was there; "gone.cs" is no longer a candidate.
        var next = ContextAssembler.Assemble(
            [Snippet("a.cs", SnippetReason.Semantic, 5), Snippet("y.cs", SnippetReason.Similar, 20), Snippet("z.cs", SnippetReason.Similar, 0.1), Snippet("b.cs", SnippetReason.Semantic, 0.2)],
            10 * oneSnippet, Characters, previous: last);

        Assert.Equal(["b.cs", "z.cs", "a.cs", "y.cs"], next.Snippets.Select(s => s.Snippet.Path));
    }

    [Fact]
    public void Retrieved_code_the_last_prompt_carried_wins_its_kind_s_turn_over_a_little_better_one_and_every_kind_keeps_its_turn()
    {
        var oneSnippet = Characters.Count("a.cs") + Characters.Count(new string('x', 40)) + 2;
        List<ContextSnippet> last = [Snippet("b.cs", SnippetReason.Similar, 1), Snippet("c.cs", SnippetReason.Similar, 1)];

        var next = ContextAssembler.Assemble(
            [Snippet("a.cs", SnippetReason.Similar, 0.3), Snippet("c.cs", SnippetReason.Similar, 0.1), Snippet("b.cs", SnippetReason.Similar, 0.2), Snippet("y.cs", SnippetReason.Semantic, 3)],
            2 * oneSnippet, Characters, previous: last);
        var farBetter = ContextAssembler.Assemble(
            [Snippet("a.cs", SnippetReason.Similar, 0.5), Snippet("b.cs", SnippetReason.Similar, 0.2)], oneSnippet, Characters, previous: last);

        Assert.Equal(["b.cs", "y.cs"], next.Snippets.Select(s => s.Snippet.Path));
        Assert.Equal(["a.cs"], farBetter.Snippets.Select(s => s.Snippet.Path));
    }

    [Fact]
    public void A_declaration_more_relevant_than_the_one_the_last_prompt_carried_takes_its_place_and_a_tie_keeps_the_old_one()
    {
        var oneSnippet = Characters.Count("a.cs") + Characters.Count(new string('x', 40)) + 2;
        List<ContextSnippet> last = [Snippet("b.cs", SnippetReason.Semantic, 1)];

        // a.cs: a type indexed since the last prompt, used at the cursor.
        var next = ContextAssembler.Assemble(
            [Snippet("b.cs", SnippetReason.Semantic, 1), Snippet("a.cs", SnippetReason.Semantic, 1.2)], oneSnippet, Characters, previous: last);
        var tie = ContextAssembler.Assemble(
            [Snippet("a.cs", SnippetReason.Semantic, 1), Snippet("b.cs", SnippetReason.Semantic, 1)], oneSnippet, Characters, previous: last);

        Assert.Equal(["a.cs"], next.Snippets.Select(s => s.Snippet.Path));
        Assert.Equal(["b.cs"], tie.Snippets.Select(s => s.Snippet.Path));
    }

    [Fact]
    public void While_the_candidates_stay_the_context_stays_the_same_though_their_scores_jitter()
    {
        var oneSnippet = Characters.Count("a.cs") + Characters.Count(new string('x', 40)) + 2;
        ContextSnippet[] Candidates(int keystroke) => new[] { "a.cs", "b.cs", "c.cs", "d.cs", "e.cs" }
            .Select((path, i) => Snippet(path, i % 2 == 0 ? SnippetReason.Similar : SnippetReason.CoChange, 1 + (((i * 7) + (keystroke * 3)) % 5 / 5.0))).ToArray();
        var first = ContextAssembler.Assemble(Candidates(0), 3 * oneSnippet, Characters).Snippets.Select(c => c.Snippet).ToList();

        var previous = first;
        for (var keystroke = 1; keystroke < 6; keystroke++)
        {
            previous = ContextAssembler.Assemble(Candidates(keystroke), 3 * oneSnippet, Characters, previous).Snippets.Select(c => c.Snippet).ToList();
            Assert.Equal(first.Select(s => s.Path), previous.Select(s => s.Path));
        }
    }

    private static ContextSnippet Snippet(string path, SnippetReason reason, double score) =>
        new(path, 1, 10, path + new string('x', 40 - path.Length), reason, score);

    private sealed class CharacterCounter : ITokenCounter
    {
        public int Count(string text) => text.Length;
    }
}
