using CodePilotLocal.Core.Usage;

namespace CodePilotLocal.Core.Tests.Usage;

public sealed class UsageSummaryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A known log: 6 served in the last two days (one by a client that reports nothing), 1 long ago.</summary>
    public static IReadOnlyList<SuggestionRecord> KnownLog()
    {
        var today = Now.AddHours(-1);
        var yesterday = Now.AddDays(-1);
        SuggestionRecord Served(string id, DateTimeOffset at, string client, string language, string model, double ms, bool cache = false) =>
            new(id, at, client, language, model, "h", ms, cache, 20);
        return
        [
            Served("a", today, "vscode", "csharp", "m1", 100).With(SuggestionEventKind.Shown, today).WithInserted(20, today).With(SuggestionEventKind.Accepted, today).WithRetention(20, 10),
            Served("b", today, "vscode", "csharp", "m1", 200, cache: true).With(SuggestionEventKind.Shown, today).With(SuggestionEventKind.Dismissed, today),
            Served("c", today, "Neovim", "python", "m2", 300).With(SuggestionEventKind.Shown, today).WithInserted(5, today).With(SuggestionEventKind.AcceptedWord, today),
            Served("d", yesterday, "Neovim", "python", "m2", 400).With(SuggestionEventKind.Shown, yesterday),
            Served("e", yesterday, "vscode", "csharp", "m1", 500).With(SuggestionEventKind.Shown, yesterday).WithInserted(20, yesterday).With(SuggestionEventKind.Accepted, yesterday).WithRetention(20, 20),
            Served("f", today, "silent-client", "go", "m1", 50),
            Served("old", Now.AddDays(-40), "vscode", "csharp", "m1", 10).With(SuggestionEventKind.Shown, Now.AddDays(-40)),
        ];
    }

    [Fact]
    public void The_figures_of_a_known_log()
    {
        var summary = UsageSummary.Of(KnownLog(), days: 7, Now);

        Assert.Equal(6, summary.Served);
        Assert.Equal(5, summary.Shown);
        Assert.Equal(3, summary.Accepted);
        Assert.Equal(0.6, summary.AcceptanceRate);
        Assert.Equal(2, summary.AcceptedFully);
        Assert.Equal(1, summary.PartiallyAccepted);
        Assert.Equal(1, summary.Dismissed);
        Assert.Equal(45, summary.AcceptedCharacters);
        Assert.Equal(40, summary.CheckedCharacters);
        Assert.Equal(30, summary.RetainedCharacters);
        Assert.Equal(0.75, summary.RetainedRatio);
        Assert.Equal(300, summary.P50Ms); // of shown only: 100 200 300 400 500
        Assert.Equal(500, summary.P95Ms);
        Assert.Equal(1, summary.CacheHits);
        Assert.Equal([("csharp", 3, 2), ("python", 2, 1), ("go", 0, 0)], summary.ByLanguage.Select(g => (g.Name, g.Shown, g.Accepted)));
        Assert.Equal([("m1", 3, 2), ("m2", 2, 1)], summary.ByModel.Select(g => (g.Name, g.Shown, g.Accepted)));
        Assert.Equal(["silent-client"], summary.ClientsWithoutEvents);
        Assert.Equal(7, summary.PerDay.Count);
        Assert.Equal((new DateOnly(2026, 12, 3), 3, 2), (summary.PerDay[^1].Day, summary.PerDay[^1].Shown, summary.PerDay[^1].Accepted));
        Assert.Equal((new DateOnly(2026, 12, 2), 2, 1), (summary.PerDay[^2].Day, summary.PerDay[^2].Shown, summary.PerDay[^2].Accepted));
    }

    [Fact]
    public void Nothing_shown_gives_no_rate_rather_than_zero()
    {
        var summary = UsageSummary.Of([], days: 1, Now);

        Assert.Null(summary.AcceptanceRate);
        Assert.Null(summary.RetainedRatio);
        Assert.Null(summary.P50Ms);
        Assert.Single(summary.PerDay);
    }

    [Fact]
    public void The_html_page_is_self_contained_and_escapes_names()
    {
        var log = KnownLog().Append(new SuggestionRecord("x", Now, "<script>", "<b>lang</b>", "m", "h", 1, false, 1)).ToList();

        var html = UsageHtml.Render(UsageSummary.Of(log, 7, Now), Now);

        Assert.Contains("default-src 'none'", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("&lt;b&gt;lang&lt;/b&gt;", html);
        Assert.Contains("<svg", html);
    }
}
