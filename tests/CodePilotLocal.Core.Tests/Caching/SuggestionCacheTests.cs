using CodePilotLocal.Core.Caching;

namespace CodePilotLocal.Core.Tests.Caching;

public sealed class SuggestionCacheTests
{
    [Fact]
    public void Typing_what_the_suggestion_starts_with_serves_the_rest()
    {
        var cache = new SuggestionCache();
        cache.Add("var total = ", ";\n", "values.Sum()");

        Assert.Equal("ues.Sum()", cache.Find("var total = val", ";\n"));
        Assert.Equal("values.Sum()", cache.Find("var total = ", ";\n"));
    }

    [Fact]
    public void Typing_something_else_misses()
    {
        var cache = new SuggestionCache();
        cache.Add("var total = ", ";\n", "values.Sum()");

        Assert.Null(cache.Find("var total = x", ";\n"));
        Assert.Null(cache.Find("var total = ", "; // changed\n"));
    }

    [Fact]
    public void Typing_the_whole_suggestion_leaves_nothing_to_serve()
    {
        var cache = new SuggestionCache();
        cache.Add("x = ", "", "42");

        Assert.Null(cache.Find("x = 42", ""));
    }

    [Fact]
    public void An_empty_answer_is_remembered_too()
    {
        var cache = new SuggestionCache();
        cache.Add("x = ", "", "");

        Assert.Equal("", cache.Find("x = ", ""));
    }

    [Fact]
    public void The_least_recently_used_entry_goes_first()
    {
        var cache = new SuggestionCache(capacity: 2);
        cache.Add("a", "", "1");
        cache.Add("b", "", "2");
        cache.Find("a", "");
        cache.Add("c", "", "3");

        Assert.Equal("1", cache.Find("a", ""));
        Assert.Null(cache.Find("b", ""));
        Assert.Equal(2, cache.Count);
    }
}
