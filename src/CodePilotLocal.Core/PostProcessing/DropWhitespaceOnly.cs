using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>A suggestion of nothing but whitespace is never shown.</summary>
public sealed class DropWhitespaceOnly : ICompletionFilter
{
    public string Apply(string completion, CompletionContext context) =>
        string.IsNullOrWhiteSpace(completion) ? string.Empty : completion;
}
