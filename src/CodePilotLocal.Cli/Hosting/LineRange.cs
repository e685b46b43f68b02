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

    /// <summary>The file and lines a command was given, or null after saying on stderr what is wrong with them.</summary>
    public static async Task<(string Path, int First, int Last)?> OfArgumentsAsync(FileInfo file, string? lines)
    {
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"No such file: {file.FullName}").ConfigureAwait(false);
            return null;
        }

        if (!TryParse(lines, out var first, out var last))
        {
            await Console.Error.WriteLineAsync("--lines takes A-B or A, 1-based.").ConfigureAwait(false);
            return null;
        }

        return (file.FullName, first, last);
    }
}
