namespace CodePilotLocal.Core.NextEdit;

/// <summary>
/// The lines a next-edit model may rewrite: whole lines around the cursor, in document offsets.
/// <paramref name="EndLine"/> is exclusive; <paramref name="Text"/> is the lines joined by '\n', without the last line break.
/// </summary>
public sealed record EditableWindow(int StartLine, int EndLine, int StartOffset, int EndOffset, string Text)
{
    /// <summary>Sweep's model is trained on windows of 21 lines: 10 above the cursor's line and 10 below.</summary>
    public const int LinesAround = 10;

    public static EditableWindow Around(string text, int cursorOffset, int linesAround = LinesAround)
    {
        var lines = LineDiff.Lines(text);
        var cursorLine = text.AsSpan(0, Math.Clamp(cursorOffset, 0, text.Length)).Count('\n');
        var start = Math.Max(0, cursorLine - linesAround);
        var end = Math.Min(lines.Length, cursorLine + linesAround + 1);
        return Lines(text, start, end);
    }

    /// <summary>Lines [<paramref name="start"/>, <paramref name="end"/>) of a text.</summary>
    public static EditableWindow Lines(string text, int start, int end)
    {
        var lines = LineDiff.Lines(text);
        end = Math.Clamp(end, 0, lines.Length);
        start = Math.Clamp(start, 0, end);
        var startOffset = lines.Take(start).Sum(l => l.Length + 1);
        var body = string.Join('\n', lines[start..end]);
        return new EditableWindow(start, end, startOffset, startOffset + body.Length, body);
    }

    /// <summary>The cursor's offset inside <see cref="Text"/> (clamped to it).</summary>
    public int CursorInWindow(int cursorOffset) => Math.Clamp(cursorOffset - StartOffset, 0, Text.Length);
}
