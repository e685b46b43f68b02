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
}
