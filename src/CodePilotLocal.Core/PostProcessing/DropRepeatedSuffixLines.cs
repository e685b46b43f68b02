using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>
/// Small models often write the code that already follows the cursor. Cut the completion at the first
/// line that repeats the first non-blank line of the suffix.
/// </summary>
public sealed class DropRepeatedSuffixLines : ICompletionFilter
{
    public string Apply(string completion, CompletionContext context)
    {
        var suffixLines = TextShape.SplitLines(context.Suffix);
        // The rest of the cursor's line continues the first completion line; compare whole lines after it.
        var firstSuffixLine = suffixLines.Skip(1).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (firstSuffixLine is null)
        {
            return completion;
        }

        var lines = TextShape.SplitLines(completion);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() == firstSuffixLine)
            {
                return string.Join('\n', lines[..i]);
            }
        }

        return completion;
    }
}
