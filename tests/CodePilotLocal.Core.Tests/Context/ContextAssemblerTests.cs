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

    private static ContextSnippet Snippet(string path, SnippetReason reason, double score) =>
        new(path, 1, 10, path + new string('x', 40 - path.Length), reason, score);

    private sealed class CharacterCounter : ITokenCounter
    {
        public int Count(string text) => text.Length;
    }
}
