namespace CodePilotLocal.Indexing.Workspace;

/// <param name="RelativePath">Relative to the workspace root, '/' separators: the key everywhere in the index.</param>
public sealed record WorkspaceFile(string RelativePath, string FullPath, long Length);
