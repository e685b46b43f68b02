using DiffPlex;

namespace CodePilotLocal.Core.NextEdit;

/// <summary>Whole-line differences between two versions of a text (DiffPlex's line diff).</summary>
public static class LineDiff
{
    /// <summary>
    /// The changed line runs turning <paramref name="before"/> into <paramref name="after"/>, top to bottom; runs with at
    /// most <paramref name="joinWithin"/> unchanged lines between them are one hunk, those lines included.
    /// </summary>
    public static IReadOnlyList<EditHunk> Hunks(string path, string before, string after, int joinWithin = 0)
    {
        var (oldLines, newLines) = (Lines(before), Lines(after));
        var runs = new List<(int OldStart, int OldEnd, int NewStart, int NewEnd)>();
        foreach (var b in Differ.Instance.CreateLineDiffs(before, after, ignoreWhitespace: false).DiffBlocks)
        {
            var run = (b.DeleteStartA, b.DeleteStartA + b.DeleteCountA, b.InsertStartB, b.InsertStartB + b.InsertCountB);
            if (runs.Count > 0 && run.Item1 - runs[^1].OldEnd <= joinWithin)
            {
                runs[^1] = (runs[^1].OldStart, run.Item2, runs[^1].NewStart, run.Item4);
            }
            else
            {
                runs.Add(run);
            }
        }

        return runs.Select(r => new EditHunk(
                path, r.OldStart, string.Join('\n', oldLines[r.OldStart..r.OldEnd]), string.Join('\n', newLines[r.NewStart..r.NewEnd])))
            .ToList();
    }

    /// <summary>
    /// The line of <paramref name="before"/> that line <paramref name="line"/> of <paramref name="after"/> came from;
    /// a line inside a changed run maps to the start of the run it replaced.
    /// </summary>
    public static int ToBefore(string before, string after, int line)
    {
        var shift = 0;
        foreach (var b in Differ.Instance.CreateLineDiffs(before, after, ignoreWhitespace: false).DiffBlocks)
        {
            if (line < b.InsertStartB)
            {
                break;
            }

            if (line < b.InsertStartB + b.InsertCountB)
            {
                return b.DeleteStartA;
            }

            shift = b.DeleteStartA + b.DeleteCountA - (b.InsertStartB + b.InsertCountB);
        }

        return line + shift;
    }

    public static string[] Lines(string text) => text.Split('\n');
}
