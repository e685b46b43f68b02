using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Core.Fim;

/// <summary>What goes around the hole: the text before and after the cursor, where the file lives, and what the repository adds.</summary>
/// <param name="FilePath">Path relative to the repository root, used by repo-level formats.</param>
/// <param name="RepositoryName">Name of the repository, used by repo-level formats.</param>
/// <param name="Context">Snippets of other files, in prompt order (see <see cref="ContextAssembler"/>).</param>
public sealed record FimInput(string Prefix, string Suffix, string? FilePath = null, string? RepositoryName = null, IReadOnlyList<ContextSnippet>? Context = null);
