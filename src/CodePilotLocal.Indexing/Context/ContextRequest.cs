using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Indexing.Context;

/// <summary>A document as the editor has it and the cursor in it.</summary>
/// <param name="Path">Absolute, or relative to the workspace root.</param>
/// <param name="Offset">The cursor, in UTF-16 characters from the start of <paramref name="Text"/>.</param>
/// <param name="TokenBudget">Tokens the repository context may take in the prompt.</param>
/// <param name="IncludeRecentChange">False where the file's git diff would tell more than the moment knows (evaluation on held-out lines).</param>
/// <param name="Previous">The context the last prompt in this file carried: what is still relevant of it is kept, in its place.</param>
/// <param name="FileWide">Snippets chosen for the whole file (<see cref="ContextEngine.GatherFileWide"/>): first, within the budget; the place gets the rest.</param>
public sealed record ContextRequest(
    string Path, string Text, int Offset, int TokenBudget, bool IncludeRecentChange = true, IReadOnlyList<ContextSnippet>? Previous = null,
    ContextSelection? FileWide = null);
