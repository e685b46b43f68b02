using CodePilotLocal.Indexing.Store;
using LibGit2Sharp;

namespace CodePilotLocal.Indexing.Git;

/// <summary>The commits that wrote some lines of a file (git blame): why the code is the way it is.</summary>
public static class GitBlame
{
    public const int MaxCommits = 5;

    /// <param name="firstLine">1-based, inclusive.</param>
    /// <param name="lastLine">1-based, inclusive.</param>
    /// <returns>The commits, newest first; empty where git cannot say (no history, uncommitted lines, a damaged repository).</returns>
    public static IReadOnlyList<FileCommit> CommitsOf(Repository repository, string repositoryPath, string workspacePath, int firstLine, int lastLine)
    {
        try
        {
            if (repository.Head.Tip is null)
            {
                return [];
            }

            var blame = repository.Blame(repositoryPath, new BlameOptions { MinLine = firstLine, MaxLine = lastLine });
            return blame
                .Select(hunk => hunk.FinalCommit)
                .DistinctBy(commit => commit.Sha)
                .OrderByDescending(commit => commit.Committer.When)
                .Take(MaxCommits)
                .Select(commit => new FileCommit(workspacePath, commit.Sha, commit.Committer.When, commit.Message.Trim()))
                .ToList();
        }
        catch (Exception e) when (e is LibGit2SharpException or ArgumentException)
        {
            return [];
        }
    }
}
