using CodePilotLocal.Core.NextEdit;

namespace CodePilotLocal.Core.Tests.NextEdit;

public sealed class EditHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Text = string.Join('\n', Enumerable.Range(0, 60).Select(i => $"line {i}"));

    private static string Replace(string text, string line, string with) => text.Replace(line + "\n", with + "\n", StringComparison.Ordinal);

    [Fact]
    public void Keystrokes_on_nearby_lines_coalesce_into_one_hunk()
    {
        var history = new EditHistory();
        var a = Replace(Text, "line 10", "line 10 x");
        var b = Replace(a, "line 10 x", "line 10 xy");
        var c = Replace(b, "line 12", "line 12 z");

        history.Record("f.txt", Text, a, T0);
        history.Record("f.txt", a, b, T0.AddMilliseconds(300));
        history.Record("f.txt", b, c, T0.AddMilliseconds(600));

        var hunk = Assert.Single(history.Recent(T0.AddSeconds(1)));
        Assert.Equal(("f.txt", 10), (hunk.Path, hunk.StartLine));
        Assert.Equal("line 10\nline 11\nline 12", hunk.Original);
        Assert.Equal("line 10 xy\nline 11\nline 12 z", hunk.Updated);
        Assert.Equal((Text, c), history.LastBurst("f.txt"));
    }

    [Fact]
    public void A_pause_or_an_edit_far_away_starts_a_new_hunk_and_the_oldest_go_first_out()
    {
        var history = new EditHistory(maxHunks: 2);
        var a = Replace(Text, "line 1", "line 1 a");
        var b = Replace(a, "line 50", "line 50 b"); // far away
        var c = Replace(b, "line 51", "line 51 c"); // near, but after a pause

        history.Record("f.txt", Text, a, T0);
        history.Record("f.txt", a, b, T0.AddSeconds(1));
        history.Record("f.txt", b, c, T0.AddSeconds(10));
        history.Record("g.txt", "x", "y", T0.AddSeconds(11));

        Assert.Equal(["line 51 c", "y"], history.Recent(T0.AddSeconds(12)).Select(h => h.Updated));
    }

    [Fact]
    public void Old_edits_age_out_huge_ones_are_clipped_and_a_forgotten_file_leaves_nothing()
    {
        var history = new EditHistory(maxHunkLines: 3, maxAge: TimeSpan.FromMinutes(1));
        var huge = Text + "\n" + string.Join('\n', Enumerable.Range(0, 500).Select(i => $"new {i}"));

        history.Record("old.txt", "a", "b", T0);
        history.Record("f.txt", Text, huge, T0.AddSeconds(50));

        var hunk = Assert.Single(history.Recent(T0.AddSeconds(70)));
        Assert.Equal("f.txt", hunk.Path);
        Assert.EndsWith("… 497 more lines", hunk.Updated); // 500 lines added after the last one
        history.Forget("f.txt");
        Assert.Empty(history.Recent(T0.AddSeconds(70)));
    }
}
