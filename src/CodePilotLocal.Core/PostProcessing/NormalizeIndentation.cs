using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>
/// Rewrites the leading whitespace of the completion's later lines in the document's own indentation
/// unit (tabs or spaces), so accepting a suggestion never mixes the two.
/// </summary>
public sealed class NormalizeIndentation : ICompletionFilter
{
    public string Apply(string completion, CompletionContext context)
    {
        var lines = TextShape.SplitLines(completion);
        if (lines.Length < 2)
        {
            return completion;
        }

        var unit = context.IndentUnit;
        var columnsPerUnit = unit == "\t" ? 4 : unit.Length;
        for (var i = 1; i < lines.Length; i++)
        {
            var leading = TextShape.LeadingWhitespace(lines[i]);
            if (leading.Length == 0 || IsInUnit(leading, unit))
            {
                continue;
            }

            var width = TextShape.IndentWidth(leading, columnsPerUnit);
            var rewritten = unit == "\t"
                ? new string('\t', width / columnsPerUnit) + new string(' ', width % columnsPerUnit)
                : new string(' ', width);
            lines[i] = rewritten + lines[i][leading.Length..];
        }

        return string.Join('\n', lines);
    }

    private static bool IsInUnit(string leading, string unit) =>
        unit == "\t" ? leading.Contains('\t') || leading.Length < 4 : !leading.Contains('\t');
}
