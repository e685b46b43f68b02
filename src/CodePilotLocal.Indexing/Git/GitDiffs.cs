using LibGit2Sharp;

namespace CodePilotLocal.Indexing.Git;

/// <summary>The change a file is in the middle of: its uncommitted diff, or else the hunks of the last commit that touched it.</summary>
public static class GitDiffs
{
    public const int MaxDiffChars = 4000;

    /// <summary>The file's text in the last commit; null when it is not in it (or git cannot say).</summary>
    public static string? Committed(Repository repository, string repositoryPath)
    {
        try
        {
            return repository.Head.Tip?[repositoryPath]?.Target is Blob blob ? blob.GetContentText() : null;
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }

    /// <param name="repositoryPath">The file's path relative to the repository's working directory.</param>
    /// <returns>The patch text and a label ("uncommitted", or the commit), or null when there is none or git cannot say.</returns>
    public static (string Patch, string Label)? Recent(Repository repository, string repositoryPath, string? lastCommitSha)
    {
        try
        {
            var tip = repository.Head.Tip;
            if (tip is null)
            {
                return null;
            }

            var uncommitted = repository.Diff.Compare<Patch>(tip.Tree, DiffTargets.Index | DiffTargets.WorkingDirectory, [repositoryPath]);
            if (uncommitted.Content.Length > 0)
            {
                return (Trim(uncommitted.Content), "uncommitted changes");
            }

            if (lastCommitSha is not null && repository.Lookup<Commit>(lastCommitSha) is { } commit)
            {
                var patch = repository.Diff.Compare<Patch>(commit.Parents.FirstOrDefault()?.Tree, commit.Tree, [repositoryPath]);
                return patch.Content.Length > 0 ? (Trim(patch.Content), $"commit {commit.Sha[..8]} {commit.MessageShort}") : null;
            }

            return null;
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }

    /// <summary>The hunks only (not the "diff --git" and index lines), cut to a size a prompt can afford.</summary>
    private static string Trim(string patch)
    {
        var lines = patch.Split('\n').Where(l => !l.StartsWith("diff --git", StringComparison.Ordinal) && !l.StartsWith("index ", StringComparison.Ordinal)
            && !l.StartsWith("--- ", StringComparison.Ordinal) && !l.StartsWith("+++ ", StringComparison.Ordinal));
        var text = string.Join('\n', lines).Trim('\n');
        return text.Length <= MaxDiffChars ? text : text[..(text.LastIndexOf('\n', MaxDiffChars) is > 0 and var cut ? cut : MaxDiffChars)];
    }
}
