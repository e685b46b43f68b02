using DiffPlex;

namespace CodePilotLocal.Core.NextEdit;

/// <summary>
/// From a rewritten window to the smallest edits that make it: changed line runs, each trimmed to the
/// characters that differ. Then the rules no suggestion may break: not malformed, not empty, not the
/// user's last edit undone, not most of the window deleted.
/// </summary>
public static class NextEditEdits
{
    /// <summary>An answer that deletes more than this share of a window's characters is dropped.</summary>
    public const double MaxDeletedShare = 0.5;

    /// <summary>Windows shorter than this may be deleted whole (a few lines being rewritten).</summary>
    public const int SmallWindow = 80;

    public static NextEditOutcome From(string document, EditableWindow window, string? newWindow, string? textBeforeLastEdit)
    {
        if (newWindow is null)
        {
            return NextEditOutcome.None("the model's answer was malformed or cut short");
        }

        var edits = Minimal(window, newWindow, document.Length);
        if (edits.Count == 0)
        {
            return NextEditOutcome.None("the model suggests no change");
        }

        var deleted = edits.Sum(e => Math.Max(0, e.End - e.Start - e.NewText.Length));
        if (window.Text.Length >= SmallWindow && deleted > window.Text.Length * MaxDeletedShare)
        {
            return NextEditOutcome.None($"it would delete {deleted} of the window's {window.Text.Length} characters");
        }

        if (textBeforeLastEdit is not null && OffsetEdit.Apply(document, edits) == textBeforeLastEdit)
        {
            return NextEditOutcome.None("it would undo your last edit");
        }

        return new NextEditOutcome(edits, null);
    }

    /// <summary>
    /// The changed line runs between the window and its rewrite, each narrowed to the characters that differ, in
    /// document offsets. Lines are compared with their line breaks: the window's last line has one in the document
    /// unless the document ends there, so an edit may take the break after the window but nothing further.
    /// </summary>
    public static IReadOnlyList<OffsetEdit> Minimal(EditableWindow window, string newWindow, int documentLength)
    {
        var oldLines = LineDiff.Lines(window.Text);
        var newLines = LineDiff.Lines(newWindow);
        var lineStarts = new int[oldLines.Length + 1];
        for (var i = 0; i < oldLines.Length; i++)
        {
            lineStarts[i + 1] = lineStarts[i] + oldLines[i].Length + 1;
        }

        var edits = new List<OffsetEdit>();
        foreach (var block in Differ.Instance.CreateLineDiffs(window.Text, newWindow, ignoreWhitespace: false).DiffBlocks)
        {
            // The run's lines with their line breaks, so that whole-line insertions and deletions stay whole.
            var oldStart = lineStarts[block.DeleteStartA];
            var oldEnd = Math.Min(lineStarts[block.DeleteStartA + block.DeleteCountA], window.Text.Length + 1);
            var oldText = (window.Text + "\n")[oldStart..oldEnd];
            var newText = string.Concat(newLines.Skip(block.InsertStartB).Take(block.InsertCountB).Select(l => l + "\n"));
            var prefix = oldText.AsSpan().CommonPrefixLength(newText);
            var suffix = 0;
            while (suffix < oldText.Length - prefix && suffix < newText.Length - prefix && oldText[^(suffix + 1)] == newText[^(suffix + 1)])
            {
                suffix++;
            }

            // Whole words: "count" → "amount", not "c" → "am" (the trimmed ends are the same on both sides).
            while (prefix > 0 && IsWordCharacter(oldText[prefix - 1]) && (prefix < oldText.Length - suffix ? IsWordCharacter(oldText[prefix]) : prefix < newText.Length - suffix && IsWordCharacter(newText[prefix])))
            {
                prefix--;
            }

            while (suffix > 0 && IsWordCharacter(oldText[^suffix]) && (oldText.Length - suffix > prefix ? IsWordCharacter(oldText[^(suffix + 1)]) : newText.Length - suffix > prefix && IsWordCharacter(newText[^(suffix + 1)])))
            {
                suffix--;
            }

            var start = window.StartOffset + oldStart + prefix;
            var end = Math.Min(window.StartOffset + oldEnd - suffix, documentLength);
            var replacement = newText[prefix..(newText.Length - suffix)];
            if (start > documentLength)
            {
                // Lines added after the last line of a document without a final line break: a break goes first.
                start = end = documentLength;
                replacement = "\n" + replacement.TrimEnd('\n');
            }

            if (end - start > 0 || replacement.Length > 0)
            {
                edits.Add(new OffsetEdit(start, Math.Max(start, end), replacement));
            }
        }

        return edits;
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '_';
}
