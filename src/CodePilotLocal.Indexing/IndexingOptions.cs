namespace CodePilotLocal.Indexing;

/// <summary>Limits of the index. Defaults suit a large repository on a laptop.</summary>
public sealed record IndexingOptions
{
    /// <summary>Files larger than this are not indexed (generated code, data, lock files).</summary>
    public long MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>Lines per similar-code chunk; chunks overlap by half.</summary>
    public int ChunkLines { get; init; } = 24;

    /// <summary>How far back the git history is read for co-change.</summary>
    public int MaxCommits { get; init; } = 2000;

    /// <summary>Commits touching more files than this (mass renames, reformatting) say nothing about which files belong together.</summary>
    public int MaxFilesPerCommit { get; init; } = 40;
}
