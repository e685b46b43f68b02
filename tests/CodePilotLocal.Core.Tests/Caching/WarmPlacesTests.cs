using CodePilotLocal.Core.Caching;

namespace CodePilotLocal.Core.Tests.Caching;

public sealed class WarmPlacesTests
{
    /// <summary>What every prompt starts with (the repository context, the file's top): most of a real prompt.</summary>
    private const string Header = "using System; namespace Shop; public sealed class Order { public decimal Total; public int Lines; } // ...";

    private static int[] Tokens(string text) => text.Replace("header", Header, StringComparison.Ordinal).Select(c => (int)c).ToArray();

    private static PlaceChoice Choose(string?[] places, string prompt, int capacity = 1000, long[]? lastUsed = null) =>
        WarmPlaces.Choose(
            places.Select(p => (IReadOnlyList<int>)Tokens(p ?? "")).ToList(),
            lastUsed ?? places.Select((_, i) => (long)i).ToArray(),
            Tokens(prompt), reserve: 10, capacity, minimumChunk: 0);

    [Fact]
    public void Typing_on_continues_the_place()
    {
        var choice = Choose(["header|method A|tail", null], "header|method A x|tail");

        Assert.Equal((0, -1), (choice.Place, choice.CopyFrom));
        Assert.Empty(choice.Evict);
    }

    [Fact]
    public void A_jump_gets_a_place_of_its_own_that_shares_the_common_prefix_and_the_old_place_stays()
    {
        var far = "header|method B, " + new string('b', 2 * Header.Length) + "|other tail";
        var choice = Choose(["header|method A|tail", null], far);

        Assert.Equal(1, choice.Place);
        Assert.Equal((0, Header.Length + "|method ".Length), (choice.CopyFrom, choice.CopyLength));
        Assert.Empty(choice.Evict);
    }

    [Fact]
    public void Going_back_resumes_the_place_left()
    {
        var choice = Choose(["header|method A|tail", "header|method B, " + new string('b', 2 * Header.Length)], "header|method A!|tail", lastUsed: [1, 2]);

        Assert.Equal(0, choice.Place);
        Assert.True(choice.Resumed);
    }

    [Fact]
    public void Places_are_given_up_least_recently_used_first_when_the_cache_is_full()
    {
        string?[] places = ["place one is here", "place two is here", "place three here", null];

        var choice = Choose(places, "somewhere else entirely new", capacity: 70, lastUsed: [3, 1, 2, 0]);

        Assert.Equal(3, choice.Place);
        Assert.Equal([1], choice.Evict); // the oldest; the two newer ones still fit
    }

    [Fact]
    public void Without_room_to_keep_it_the_place_is_reused_in_place()
    {
        var choice = Choose(["header|method A|tail", null], "header|method B, " + new string('b', 2 * Header.Length), capacity: 400);

        Assert.Equal((0, -1), (choice.Place, choice.CopyFrom));
    }
}
