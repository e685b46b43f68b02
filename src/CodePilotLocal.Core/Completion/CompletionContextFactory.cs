namespace CodePilotLocal.Core.Completion;

/// <summary>Cuts the prefix/suffix window around the cursor and decides single- or multi-line mode.</summary>
public static class CompletionContextFactory
{
    private static readonly char[] ClosingCharacters = [')', ']', '}', '"', '\'', '`', ';', ',', '>', ' ', '\t'];
    private static readonly string[] BlockOpeners = ["{", ":", "=>", "(", "[", "then", "do"];

    public static CompletionContext Create(string text, int offset, CompletionOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, text.Length);

        var prefix = TakeLastLines(text[..offset], options.MaxPrefixLines, options.MaxPrefixChars);
        var suffix = TakeFirstLines(text[offset..], options.MaxSuffixLines, options.MaxSuffixChars);
        var indentUnit = TextShape.DetectIndentUnit(prefix + suffix);
        var draft = new CompletionContext(prefix, suffix, CompletionMode.SingleLine, indentUnit);
        return draft with { Mode = ChooseMode(draft.LinePrefix, draft.LineSuffix) };
    }

    /// <summary>
    /// Code after the cursor on its line (other than closing brackets and quotes) means the user is
    /// inside an expression: finish the line. A blank line, or a line that just opened a block, gets a block.
    /// </summary>
    public static CompletionMode ChooseMode(string linePrefix, string lineSuffix)
    {
        if (lineSuffix.Trim(ClosingCharacters).Length > 0)
        {
            return CompletionMode.SingleLine;
        }

        var typed = linePrefix.TrimEnd();
        if (typed.Length == 0)
        {
            return CompletionMode.MultiLine;
        }

        return BlockOpeners.Any(opener => typed.EndsWith(opener, StringComparison.Ordinal))
            ? CompletionMode.MultiLine
            : CompletionMode.SingleLine;
    }

    /// <summary>
    /// The prefix window starts at a line boundary that moves in steps of <see cref="WindowStepLines"/>
    /// lines, not with every new line: the start of the prompt then stays put while the user types,
    /// which keeps the KV cache and the suggestion cache valid.
    /// </summary>
    public const int WindowStepLines = 16;

    private static string TakeLastLines(string text, int maxLines, int maxChars)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            lineStarts.Add(i + 1);
        }

        var cursorLine = lineStarts.Count - 1;
        var firstLine = Math.Max(0, cursorLine + 1 - maxLines);
        firstLine = (firstLine + WindowStepLines - 1) / WindowStepLines * WindowStepLines;
        firstLine = Math.Min(firstLine, cursorLine);
        while (text.Length - lineStarts[firstLine] > maxChars && firstLine < cursorLine)
        {
            firstLine++;
        }

        var start = lineStarts[firstLine];
        return text[Math.Max(start, text.Length - maxChars)..];
    }

    private static string TakeFirstLines(string text, int maxLines, int maxChars)
    {
        var end = 0;
        for (var lines = 0; lines < maxLines && end < text.Length; lines++)
        {
            var next = text.IndexOf('\n', end);
            end = next < 0 ? text.Length : next + 1;
        }

        return text[..Math.Min(end, maxChars)];
    }
}
