using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>Removes whitespace at line ends and blank lines at the end of the completion.</summary>
public sealed class TrimTrailingWhitespace : ICompletionFilter
{
    public string Apply(string completion, CompletionContext context)
    {
        var lines = TextShape.SplitLines(completion.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Select(l => l.TrimEnd())
            .ToList();
        while (lines.Count > 1 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join('\n', lines);
    }
}
