using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>In single-line mode, keep the text up to the first line break.</summary>
public sealed class LimitToSingleLine : ICompletionFilter
{
    public string Apply(string completion, CompletionContext context)
    {
        if (context.Mode != CompletionMode.SingleLine)
        {
            return completion;
        }

        var end = completion.IndexOfAny(['\n', '\r']);
        return end < 0 ? completion : completion[..end];
    }
}
