using CodePilotLocal.Core.Decoding;

namespace CodePilotLocal.Core.Tests.Decoding;

public sealed class PromptLookupTests
{
    [Fact]
    public void What_followed_the_last_tokens_before_is_the_draft()
    {
        // a b c d e ... a b  →  c d e
        Assert.Equal([3, 4, 5], PromptLookup.Draft([1, 2, 3, 4, 5, 9, 1, 2], maxDraft: 3));
    }

    [Fact]
    public void The_longest_matching_run_wins_over_a_more_recent_shorter_one()
    {
        // "7 1 2" occurred early (then 3); "1 2" alone occurred later (then 8)
        Assert.Equal([3], PromptLookup.Draft([7, 1, 2, 3, 0, 1, 2, 8, 0, 7, 1, 2], maxDraft: 1));
    }

    [Fact]
    public void Of_equal_runs_the_most_recent_occurrence_wins_and_the_draft_stops_at_the_history()
    {
        Assert.Equal([6, 1, 2], PromptLookup.Draft([1, 2, 5, 1, 2, 6, 1, 2], maxDraft: 8));
    }

    [Fact]
    public void No_draft_without_a_match_of_two_tokens_or_without_room()
    {
        Assert.Empty(PromptLookup.Draft([1, 2, 3, 4, 1], maxDraft: 4)); // one token only
        Assert.Empty(PromptLookup.Draft([1, 2, 3, 1, 2], maxDraft: 0));
        Assert.Empty(PromptLookup.Draft([], maxDraft: 4));
        Assert.Empty(PromptLookup.Draft([5], maxDraft: 4));
    }
}
