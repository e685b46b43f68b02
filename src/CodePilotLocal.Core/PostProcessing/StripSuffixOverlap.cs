using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>
/// Removes the end of the completion that the text after the cursor already has, e.g. the ")" of
/// "Foo(bar)" when the line already ends in ")".
/// </summary>
public sealed class StripSuffixOverlap : ICompletionFilter
{
    public string Apply(string completion, CompletionContext context)
    {
        var lineSuffix = context.LineSuffix.TrimEnd();
        if (lineSuffix.Length == 0 || completion.Length == 0)
        {
            return completion;
        }

        var body = completion.TrimEnd();
        for (var overlap = Math.Min(body.Length, lineSuffix.Length); overlap > 0; overlap--)
        {
            if (body.AsSpan(body.Length - overlap).SequenceEqual(lineSuffix.AsSpan(0, overlap)))
            {
                return body[..^overlap];
            }
        }

        return completion;
    }
}
