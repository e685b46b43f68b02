namespace CodePilotLocal.Core.Fim;

/// <summary>What goes around the hole: the text before and after the cursor, and where the file lives.</summary>
/// <param name="FilePath">Path relative to the repository root, used by repo-level formats.</param>
/// <param name="RepositoryName">Name of the repository, used by repo-level formats.</param>
public sealed record FimInput(string Prefix, string Suffix, string? FilePath = null, string? RepositoryName = null);
