using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>
/// In multi-line mode, stop where the code leaves the block the cursor is in: at the first later line
/// indented less than the cursor's line. The closing brace of that block is already in the suffix.
/// </summary>
public sealed class DropBeyondBlock : ICompletionFilter
{
    public string Apply(string completion, CompletionContext context)
    {
        if (context.Mode != CompletionMode.MultiLine)
        {
            return completion;
        }

        var lines = TextShape.SplitLines(completion);
        var firstLineIndent = TextShape.IndentWidth(context.LinePrefix + lines[0]);
        var blockIndent = context.LinePrefix.Trim().Length == 0 ? firstLineIndent : TextShape.IndentWidth(context.LinePrefix);
        var opensBlock = context.LinePrefix.Trim().Length > 0;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var indent = TextShape.IndentWidth(lines[i]);
            var leftBlock = opensBlock ? indent <= blockIndent : indent < blockIndent;
            if (leftBlock)
            {
                return string.Join('\n', lines[..i]);
            }
        }

        return completion;
    }
}
