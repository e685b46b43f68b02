namespace CodePilotLocal.Cli.Hosting;

/// <summary>"A-B" or "A": 1-based lines, inclusive, as editors number them.</summary>
internal static class LineRange
{
    public static bool TryParse(string? text, out int first, out int last)
    {
        first = last = 0;
        var parts = (text ?? "").Split('-', 2, StringSplitOptions.TrimEntries);
        return int.TryParse(parts[0], out first) && (parts.Length == 1 ? (last = first) > 0 : int.TryParse(parts[1], out last)) && first >= 1 && last >= first;
    }
}
