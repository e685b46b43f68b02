namespace CodePilotLocal.Core.NextEdit;

/// <summary>
/// A next edit as the one thing LSP's inlineCompletion can carry: a single replacement whose range begins and ends on
/// the cursor's line. It covers the cursor and every edit that lies on that line (clients show an item only where
/// its range holds the cursor); edits on other lines stay with codepilot/nextEdit, which can jump there.
/// </summary>
public static class CursorLineEdit
{
    /// <summary>The merged edit, or null when none of <paramref name="edits"/> lies within the cursor's line.</summary>
    public static OffsetEdit? From(string text, int cursor, IReadOnlyList<OffsetEdit> edits)
    {
        var lineStart = cursor == 0 ? 0 : text.LastIndexOf('\n', cursor - 1) + 1;
        var lineEnd = text.IndexOf('\n', cursor) is var end and >= 0 ? end : text.Length;
        var onLine = edits.Where(e => e.Start >= lineStart && e.End <= lineEnd).OrderBy(e => e.Start).ToList();
        if (onLine.Count == 0)
        {
            return null;
        }

        var start = Math.Min(cursor, onLine[0].Start);
        var stop = Math.Max(cursor, onLine[^1].End);
        var shifted = onLine.Select(e => e with { Start = e.Start - start, End = e.End - start });
        return new OffsetEdit(start, stop, OffsetEdit.Apply(text[start..stop], shifted));
    }
}
