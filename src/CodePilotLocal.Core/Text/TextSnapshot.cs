namespace CodePilotLocal.Core.Text;

/// <summary>
/// Immutable document text with a line table, converting LSP positions to string offsets.
/// Lines end at "\n", "\r\n" or "\r" (LSP 3.17 §Text Documents).
/// </summary>
public sealed class TextSnapshot
{
    private readonly int[] _lineStarts;

    public TextSnapshot(string text)
    {
        Text = text;
        _lineStarts = ComputeLineStarts(text);
    }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    public int Length => Text.Length;

    /// <summary>
    /// Offset of a position. A line past the end is an error; a character past the end of its line
    /// falls back to the line's end, as the LSP specification asks.
    /// </summary>
    public int ToOffset(LinePosition position)
    {
        if (position.Line < 0 || position.Character < 0)
        {
            throw new PositionOutOfRangeException($"Position {position} is negative.");
        }

        if (position.Line >= _lineStarts.Length)
        {
            throw new PositionOutOfRangeException(
                $"Position {position} is past the end of the document ({_lineStarts.Length} lines).");
        }

        var start = _lineStarts[position.Line];
        var end = LineContentEnd(position.Line);
        return Math.Min(start + position.Character, end);
    }

    public LinePosition ToPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new LinePosition(line, offset - _lineStarts[line]);
    }

    public string GetLineText(int line) => Text[_lineStarts[line]..LineContentEnd(line)];

    /// <summary>Returns a new snapshot with the text between two positions replaced.</summary>
    public TextSnapshot Replace(LinePosition start, LinePosition end, string newText)
    {
        var startOffset = ToOffset(start);
        var endOffset = ToOffset(end);
        if (endOffset < startOffset)
        {
            throw new PositionOutOfRangeException($"Range end {end} is before its start {start}.");
        }

        return new TextSnapshot(string.Concat(Text.AsSpan(0, startOffset), newText, Text.AsSpan(endOffset)));
    }

    private int LineContentEnd(int line)
    {
        var end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : Text.Length;
        if (end > _lineStarts[line] && end <= Text.Length && line + 1 < _lineStarts.Length)
        {
            end--;
            if (Text[end] == '\n' && end > _lineStarts[line] && Text[end - 1] == '\r')
            {
                end--;
            }
        }

        return end;
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
