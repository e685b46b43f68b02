namespace CodePilotLocal.Core.NextEdit;

/// <summary>One next-edit model family's prompt, and how its answer is read.</summary>
public interface INextEditFormat
{
    string Name { get; }

    /// <summary>Generation stops at the first of these (besides the model's end of text).</summary>
    IReadOnlyList<string> StopStrings { get; }

    /// <param name="vocabulary">The model's: the format's markers that it has are inserted as special tokens.</param>
    NextEditPrompt Build(NextEditInput input, Fim.IVocabularyLookup vocabulary);

    /// <summary>The rewritten window in the model's answer; null when the answer is malformed or was cut short.</summary>
    /// <param name="stopped">The answer ended at a stop string or the end of text, not at the token limit.</param>
    string? ParseWindow(NextEditPrompt prompt, string output, bool stopped);
}
