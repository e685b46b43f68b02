namespace CodePilotLocal.Core.Context;

/// <summary>A run of lines of a file, the unit of similar-code retrieval.</summary>
/// <param name="StartLine">1-based.</param>
/// <param name="EndLine">1-based, inclusive.</param>
public sealed record TextChunk(int StartLine, int EndLine, string Text);

/// <summary>Cuts a file into chunks of a fixed number of lines that overlap by half, so that any block of half a chunk's length lies whole in one of them.</summary>
public static class TextChunker
{
    public static IReadOnlyList<TextChunk> Chunk(string text, int linesPerChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(linesPerChunk, 2);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var stride = linesPerChunk / 2;
        var chunks = new List<TextChunk>();
        for (var start = 0; start < count; start += stride)
        {
            var end = Math.Min(start + linesPerChunk, count);
            var body = string.Join('\n', lines, start, end - start);
            if (!string.IsNullOrWhiteSpace(body))
            {
                chunks.Add(new TextChunk(start + 1, end, body));
            }

            if (end == count)
            {
                break;
            }
        }

        return chunks;
    }
}
