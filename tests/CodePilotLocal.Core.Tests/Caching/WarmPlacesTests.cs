using CodePilotLocal.Core.Caching;

namespace CodePilotLocal.Core.Tests.Caching;

public sealed class WarmPlacesTests
{
    /// <summary>What every prompt starts with (the repository context, the file's top): most of a real prompt.</summary>
    private const string Header = "using System; namespace Shop; public sealed class Order { public decimal Total; public int Lines; } // ...";

    private static int[] Tokens(string text) => text.Replace("header", Header, StringComparison.Ordinal).Select(c => (int)c).ToArray();

    private static readonly string MethodB = "header|method B, " + new string('b', 2 * Header.Length) + "|other tail";

    private static PlaceChoice Choose(string live, string[] kept, string prompt) =>
        WarmPlaces.Choose(Tokens(live), kept.Select(p => (IReadOnlyList<int>)Tokens(p)).ToList(), Tokens(prompt), minimumChunk: 0);

    [Fact]
    public void Typing_on_continues_the_live_place_and_keeps_nothing()
    {
        var choice = Choose("header|method A|tail", [MethodB], "header|method A x|tail");

        Assert.Equal((-1, false), (choice.Restore, choice.KeepLive));
    }

    [Fact]
    public void A_jump_somewhere_new_keeps_the_live_place_and_starts_from_it()
    {
        var choice = Choose("header|method A|tail", [], MethodB);

        Assert.Equal((-1, true), (choice.Restore, choice.KeepLive));
        Assert.False(choice.Resumed);
    }

    [Fact]
    public void Going_back_restores_the_place_left_and_keeps_the_live_one()
    {
        var choice = Choose(MethodB, ["header|method C, ccccccccccccccccccccccccccccccc|tail", "header|method A|tail"], "header|method A!|tail");

        Assert.Equal((1, true), (choice.Restore, choice.KeepLive));
        Assert.True(choice.Resumed);
    }

    [Fact]
    public void A_kept_place_that_holds_no_more_than_the_live_one_is_not_restored()
    {
        var choice = Choose("header|method A|tail", ["header|method A|tail"], "header|method A|tail and more");

        Assert.Equal(-1, choice.Restore);
    }

    [Fact]
    public void Of_two_kept_places_that_hold_as_much_the_more_recent_is_restored()
    {
        var choice = Choose(MethodB, ["header|method A|tail", "header|method A|tail"], "header|method A|tail");

        Assert.Equal(1, choice.Restore);
    }

    [Fact]
    public void The_least_recently_used_places_go_first_when_over_budget()
    {
        Assert.Equal([0, 1], WarmPlaces.OverBudget([40, 30, 20, 10], budget: 35));
        Assert.Empty(WarmPlaces.OverBudget([40, 30], budget: 70));
        Assert.Equal([0, 1], WarmPlaces.OverBudget([40, 30], budget: 0));
    }
}
