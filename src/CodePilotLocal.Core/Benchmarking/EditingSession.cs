namespace CodePilotLocal.Core.Benchmarking;

/// <summary>
/// A reproducible editing session over a real source file: the cursor visits code lines in file
/// order, the rest of each line is cleared and written again character by character, and now and
/// then several characters arrive at once (an accepted suggestion). The file's own text is what gets
/// typed, so prompts look like real editing. With <c>goBack</c>, after each line the cursor returns to
/// the line before it and writes a little more there, as a person alternates between a method and the
/// one it calls, or a class and its test.
/// </summary>
public static class EditingSession
{
    public static IReadOnlyList<EditStep> Create(string text, int seed, int sites, int maxCharsPerSite, bool goBack = false)
    {
        var random = new Random(seed);
        var lines = text.Split('\n');
        var candidates = Enumerable.Range(0, lines.Length).Where(i => IsCode(lines[i])).ToList();
        var chosen = candidates.OrderBy(_ => random.Next()).Take(sites).Order().ToList();
        var steps = new List<EditStep>();
        (string Before, string Remainder, string After, int Typed)? previous = null;
        foreach (var lineIndex in chosen)
        {
            var line = lines[lineIndex].TrimEnd('\r');
            var indentation = line.Length - line.TrimStart().Length;
            var kept = indentation + random.Next(0, Math.Max(1, (line.Length - indentation) / 3));
            var lineStart = lines.Take(lineIndex).Sum(l => l.Length + 1);
            var rest = line[kept..];
            var before = text[..(lineStart + kept)];
            var after = text[(lineStart + line.Length)..];

            steps.Add(new EditStep(EditKind.MoveCursor, before + after, before.Length));
            var typed = 0;
            var nextAccept = random.Next(6, 13);
            while (typed < Math.Min(rest.Length, maxCharsPerSite))
            {
                var isAccept = typed >= nextAccept;
                var count = isAccept ? Math.Min(random.Next(4, 11), rest.Length - typed) : 1;
                typed += count;
                if (isAccept)
                {
                    nextAccept = typed + random.Next(6, 13);
                }

                var written = before + rest[..typed];
                steps.Add(new EditStep(isAccept ? EditKind.Accept : EditKind.Type, written + after, written.Length));
            }

            if (goBack && previous is { } back)
            {
                // Back where the last line was left, three more characters there.
                var written = back.Before + back.Remainder[..back.Typed];
                steps.Add(new EditStep(EditKind.MoveCursor, written + back.After, written.Length));
                for (var more = back.Typed + 1; more <= Math.Min(back.Remainder.Length, back.Typed + 3); more++)
                {
                    written = back.Before + back.Remainder[..more];
                    steps.Add(new EditStep(EditKind.Type, written + back.After, written.Length));
                }
            }

            previous = (before, rest, after, Math.Min(typed, rest.Length));
        }

        return steps;
    }

    private static bool IsCode(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= 12
            && trimmed.Any(char.IsLetter)
            && !trimmed.StartsWith("//", StringComparison.Ordinal)
            && !trimmed.StartsWith('*')
            && !trimmed.StartsWith("/*", StringComparison.Ordinal)
            && !trimmed.StartsWith('#')
            && !trimmed.StartsWith("using ", StringComparison.Ordinal);
    }
}
