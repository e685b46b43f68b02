namespace CodePilotLocal.Indexing.Workspace;

/// <summary>Why a file of the workspace is not indexed.</summary>
public enum SkipReason
{
    Ignored,
    Secret,
    Symlink,
    TooLarge,
    Binary,
    NotUtf8,
    Unreadable,
}
