using CodePilotLocal.Core.Text;

namespace CodePilotLocal.Server.Services;

/// <summary>One replacement of a next edit, in positions of the document it was computed on.</summary>
public sealed record NextEditChange(LinePosition Start, LinePosition End, string NewText);

/// <summary>What codepilot/nextEdit and `codepilot next-edit` answer: edits, or none and why.</summary>
/// <param name="Prompt">The prompt as text (special tokens by their text); null when no prompt was built.</param>
public sealed record NextEditSuggestion(string? Id, string? Model, string? Format, IReadOnlyList<NextEditChange> Edits, string? Dropped, string? Prompt)
{
    /// <summary>What the model call cost; null when there was none.</summary>
    public Inference.GenerationStatistics? Statistics { get; init; }

    public static NextEditSuggestion None(string why, string? model = null, string? format = null, string? prompt = null) =>
        new(null, model, format, [], why, prompt);
}
