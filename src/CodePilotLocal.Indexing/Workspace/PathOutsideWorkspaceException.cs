namespace CodePilotLocal.Indexing.Workspace;

/// <summary>A path that is not inside the workspace (or reaches outside through a symbolic link): never read.</summary>
public sealed class PathOutsideWorkspaceException(string path, string root)
    : Exception($"'{path}' is outside the workspace '{root}'; CodePilot reads only files inside it.");
