using DiffPlex;

namespace CodePilotLocal.Core.Usage;

/// <summary>How much of an accepted suggestion is still in the document some time later.</summary>
public static class Retention
{
    /// <summary>Changed text longer than this (after the common start and end are set aside) is compared by lines, not characters.</summary>
    public const int MaxCharacterDiff = 20_000;

    /// <summary>
    /// The characters of <paramref name="before"/>[<paramref name="start"/>, +<paramref name="length"/>) that no
    /// edit between <paramref name="before"/> and <paramref name="after"/> deleted or replaced.
    /// </summary>
    public static int RetainedCharacters(string before, int start, int length, string after)
    {
        start = Math.Clamp(start, 0, before.Length);
        length = Math.Clamp(length, 0, before.Length - start);
        var end = start + length;

        // Edits are local: only the part between the common start and the common end can have changed.
        var head = CommonPrefix(before, after);
        var tail = CommonSuffix(before, after, head);
        var changedStart = head;
        var changedEnd = before.Length - tail;
        if (changedEnd <= start || changedStart >= end || length == 0)
        {
            return length;
        }

        var oldMiddle = before[changedStart..changedEnd];
        var newMiddle = after[head..(after.Length - tail)];
        var deleted = 0;
        if (oldMiddle.Length + newMiddle.Length > MaxCharacterDiff)
        {
            // Too long to compare character by character: a line that changed at all counts as deleted.
            var lines = Differ.Instance.CreateLineDiffs(oldMiddle, newMiddle, ignoreWhitespace: false);
            var lineStarts = LineStarts(oldMiddle);
            foreach (var block in lines.DiffBlocks)
            {
                var from = changedStart + lineStarts[Math.Min(block.DeleteStartA, lineStarts.Count - 1)];
                var to = changedStart + lineStarts[Math.Min(block.DeleteStartA + block.DeleteCountA, lineStarts.Count - 1)];
                deleted += Overlap(from, to, start, end);
            }
        }
        else
        {
            foreach (var block in Differ.Instance.CreateCharacterDiffs(oldMiddle, newMiddle, ignoreWhitespace: false, ignoreCase: false).DiffBlocks)
            {
                var from = changedStart + block.DeleteStartA;
                deleted += Overlap(from, from + block.DeleteCountA, start, end);
            }
        }

        return Math.Max(0, length - deleted);
    }

    private static int Overlap(int from, int to, int start, int end) => Math.Max(0, Math.Min(to, end) - Math.Max(from, start));

    private static int CommonPrefix(string a, string b) => a.AsSpan().CommonPrefixLength(b);

    private static int CommonSuffix(string a, string b, int prefix)
    {
        var n = 0;
        while (n < a.Length - prefix && n < b.Length - prefix && a[a.Length - 1 - n] == b[b.Length - 1 - n])
        {
            n++;
        }

        return n;
    }

    /// <summary>Offsets where each line starts, and the text's length as the start of the line after the last.</summary>
    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        if (starts[^1] != text.Length)
        {
            starts.Add(text.Length);
        }

        return starts;
    }
}
