using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>One post-processing step: maps the model's raw text to what the editor should show ("" drops it).</summary>
public interface ICompletionFilter
{
    string Apply(string completion, CompletionContext context);
}
