using CodePilotLocal.Core.Privacy;

namespace CodePilotLocal.Indexing.Workspace;

/// <summary>
/// The files of a workspace that may be read: not ignored, not secret, not reached through a symbolic
/// link (a link may lead outside the workspace, and links inside it are indexed at their real path).
/// </summary>
public sealed class WorkspaceScanner(string root, IgnoreRules rules)
{
    public string Root { get; } = Path.GetFullPath(root);

    public IEnumerable<WorkspaceFile> Scan(IDictionary<SkipReason, int> skipped)
    {
        var pending = new Stack<string>();
        pending.Push(Root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Count(skipped, SkipReason.Unreadable);
                continue;
            }

            foreach (var entry in entries)
            {
                var relative = RelativeOf(entry.FullName);
                var isDirectory = entry is DirectoryInfo;
                if (entry.LinkTarget is not null)
                {
                    Count(skipped, SkipReason.Symlink);
                }
                else if (rules.IsIgnored(relative, isDirectory))
                {
                    Count(skipped, SkipReason.Ignored);
                }
                else if (isDirectory)
                {
                    pending.Push(entry.FullName);
                }
                else if (SecretFiles.IsSecret(relative))
                {
                    Count(skipped, SkipReason.Secret);
                }
                else
                {
                    yield return new WorkspaceFile(relative, entry.FullName, ((FileInfo)entry).Length);
                }
            }
        }
    }

    /// <summary>One file, by any path: the same rules as the scan.</summary>
    /// <returns>The file, or null with the reason it may not be read.</returns>
    /// <exception cref="PathOutsideWorkspaceException">The path is not inside the workspace.</exception>
    public WorkspaceFile? Resolve(string path, out SkipReason? reason)
    {
        var full = Path.GetFullPath(path, Root);
        var relative = RelativeOf(full);
        reason = null;
        if (ThroughLink(full))
        {
            reason = SkipReason.Symlink;
            return null;
        }

        var segments = relative.Split('/');
        var inIgnoredFolder = Enumerable.Range(1, segments.Length - 1).Any(n => rules.IsIgnored(string.Join('/', segments[..n]), isDirectory: true));
        reason = inIgnoredFolder || rules.IsIgnored(relative, isDirectory: false) ? SkipReason.Ignored
            : SecretFiles.IsSecret(relative) ? SkipReason.Secret
            : null;
        if (reason is not null)
        {
            return null;
        }

        var info = new FileInfo(full);
        return new WorkspaceFile(relative, full, info.Exists ? info.Length : 0);
    }

    /// <exception cref="PathOutsideWorkspaceException">The path is not inside the workspace.</exception>
    /// <summary>
    /// The path relative to the workspace, for a file really inside it: lexically (no "..") and on disk (no
    /// symbolic link on the way leads out; a link is never followed, in the index as here).
    /// </summary>
    /// <exception cref="PathOutsideWorkspaceException">The file is outside the workspace, or reached through a link.</exception>
    public string RelativeOfRealFile(string path)
    {
        var full = Path.GetFullPath(path, Root);
        var relative = RelativeOf(full);
        return ThroughLink(full) ? throw new PathOutsideWorkspaceException(full, Root) : relative;
    }

    /// <summary>Whether the file or a folder between it and the root is a symbolic link.</summary>
    private bool ThroughLink(string full)
    {
        for (var current = new FileInfo(full) as FileSystemInfo; current.FullName.Length > Root.Length; current = new DirectoryInfo(Path.GetDirectoryName(current.FullName)!))
        {
            if (current.Exists && current.LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    public string RelativeOf(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath);
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || relative.StartsWith("..\\", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new PathOutsideWorkspaceException(fullPath, Root);
        }

        return relative.Replace('\\', '/');
    }

    private static void Count(IDictionary<SkipReason, int> skipped, SkipReason reason) => skipped[reason] = skipped.TryGetValue(reason, out var n) ? n + 1 : 1;
}
