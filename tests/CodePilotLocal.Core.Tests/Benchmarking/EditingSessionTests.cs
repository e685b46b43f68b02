using CodePilotLocal.Core.Benchmarking;

namespace CodePilotLocal.Core.Tests.Benchmarking;

public sealed class EditingSessionTests
{
    private const string Source = """
        using System;

        public static class Maths
        {
            // Adds two numbers.
            public static int Add(int a, int b) => a + b;

            public static int Twice(int value)
            {
                var doubled = Add(value, value);
                return doubled;
            }
        }
        """;

    [Fact]
    public void The_session_rewrites_real_lines_and_ends_each_site_with_the_original_text()
    {
        var steps = EditingSession.Create(Source, seed: 3, sites: 3, maxCharsPerSite: 500);

        Assert.Equal(3, steps.Count(s => s.Kind == EditKind.MoveCursor));
        Assert.Contains(steps, s => s.Kind == EditKind.Accept);
        foreach (var (step, next) in steps.Zip(steps.Skip(1)).Where(p => p.Second.Kind == EditKind.MoveCursor))
        {
            Assert.Equal(Source, step.Text); // the line was written out in full again
        }

        Assert.Equal(Source, steps[^1].Text);
        foreach (var move in steps.Where(s => s.Kind == EditKind.MoveCursor))
        {
            var line = move.Text[(move.Text.LastIndexOf('\n', move.CursorOffset - 1) + 1)..].Split('\n')[0].Trim();
            Assert.False(line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith("using", StringComparison.Ordinal), line);
        }
    }

    [Fact]
    public void Typing_adds_one_character_at_the_cursor()
    {
        var steps = EditingSession.Create(Source, seed: 1, sites: 2, maxCharsPerSite: 500);

        foreach (var (previous, step) in steps.Zip(steps.Skip(1)).Where(p => p.Second.Kind == EditKind.Type))
        {
            Assert.Equal(previous.CursorOffset + 1, step.CursorOffset);
            Assert.Equal(previous.Text.Length + 1, step.Text.Length);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_session()
    {
        Assert.Equal(
            EditingSession.Create(Source, 9, 2, 10).Select(s => (s.Kind, s.CursorOffset)),
            EditingSession.Create(Source, 9, 2, 10).Select(s => (s.Kind, s.CursorOffset)));
    }

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        var summary = LatencySummary.Of([.. Enumerable.Range(1, 100).Select(i => (double)i)]);

        Assert.Equal((50, 95, 100), (summary.P50, summary.P95, summary.Max));
    }

    [Fact]
    public void Going_back_returns_to_the_previous_line_where_it_was_left_and_writes_on_there()
    {
        var plain = EditingSession.Create(Source, seed: 3, sites: 3, maxCharsPerSite: 4);
        var steps = EditingSession.Create(Source, seed: 3, sites: 3, maxCharsPerSite: 4, goBack: true);

        var moves = steps.Select((s, i) => (s, i)).Where(p => p.s.Kind == EditKind.MoveCursor).ToList();
        Assert.Equal(3 + 2, moves.Count); // each line after the first is followed by a return to the one before
        var firstLineLeft = plain.TakeWhile((_, i) => i == 0 || plain[i].Kind != EditKind.MoveCursor).Last();
        var back = moves[2].s; // line 1, line 2, back to line 1
        Assert.Equal(firstLineLeft.Text, back.Text);
        Assert.Equal(firstLineLeft.CursorOffset, back.CursorOffset);
        var writtenOn = steps[moves[2].i + 1];
        Assert.Equal(EditKind.Type, writtenOn.Kind);
        Assert.Equal(back.CursorOffset + 1, writtenOn.CursorOffset);
    }
}
