using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Core.NextEdit;

/// <summary>What a next-edit prompt is made of.</summary>
/// <param name="Path">The document, workspace-relative with '/' separators.</param>
/// <param name="Text">The document now.</param>
/// <param name="RecentEdits">The user's recent edits in the workspace, oldest first.</param>
/// <param name="TextBeforeLastEdit">The document before the user's current burst of edits in it; null when there is none.</param>
/// <param name="Context">Repository context (declarations the window uses), where the format has room for it.</param>
public sealed record NextEditInput(
    string Path, string Text, int CursorOffset, IReadOnlyList<EditHunk> RecentEdits, string? TextBeforeLastEdit, IReadOnlyList<ContextSnippet> Context);

/// <summary>A built prompt, the window it asks to rewrite, and the text the answer starts with (already in the prompt).</summary>
public sealed record NextEditPrompt(IReadOnlyList<Fim.PromptPart> Parts, EditableWindow Window, string Prefill, string FormatName)
{
    /// <summary>The prompt as one string, special tokens by their text (for display).</summary>
    public string Text => string.Concat(Parts.Select(p => p.Value));
}
