using CodePilotLocal.Indexing.Store;
using LibGit2Sharp;

namespace CodePilotLocal.Indexing.Git;

/// <summary>What the history says about the workspace's files: which change together, and the commits that touched each.</summary>
/// <param name="CoChange">Both directions of each pair: (a, b) and (b, a), with the number of commits that changed both.</param>
public sealed record GitHistory(string Head, IReadOnlyDictionary<(string, string), int> CoChange, IReadOnlyList<FileCommit> Commits, string? Problem)
{
    public const int CommitsKeptPerFile = 5;

    /// <summary>
    /// Walks back from HEAD over at most <see cref="IndexingOptions.MaxCommits"/> commits (first parents of merges
    /// only). A shallow clone simply ends early; an unreadable commit ends the walk and says so in <see cref="Problem"/>.
    /// </summary>
    public static GitHistory Read(Repository repository, Func<string, string?> toWorkspacePath, IndexingOptions options, CancellationToken cancellationToken)
    {
        var head = repository.Head.Tip;
        if (head is null)
        {
            return new GitHistory("", new Dictionary<(string, string), int>(), [], "the repository has no commits yet");
        }

        var pairs = new Dictionary<(string, string), int>();
        var commits = new List<FileCommit>();
        var perFile = new Dictionary<string, int>(StringComparer.Ordinal);
        string? problem = null;
        var seen = 0;
        try
        {
            foreach (var commit in repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = head, SortBy = CommitSortStrategies.Time, FirstParentOnly = true }))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++seen > options.MaxCommits)
                {
                    break;
                }

                var parent = commit.Parents.FirstOrDefault();
                var changes = repository.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree);
                var files = changes.Select(c => toWorkspacePath(c.Path)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                foreach (var file in files)
                {
                    if (perFile.TryGetValue(file, out var kept) && kept >= CommitsKeptPerFile)
                    {
                        continue;
                    }

                    perFile[file] = kept + 1;
                    commits.Add(new FileCommit(file, commit.Sha, commit.Committer.When, commit.MessageShort));
                }

                if (files.Count > options.MaxFilesPerCommit)
                {
                    continue;
                }

                foreach (var a in files)
                {
                    foreach (var b in files.Where(b => !ReferenceEquals(a, b)))
                    {
                        pairs[(a, b)] = pairs.GetValueOrDefault((a, b)) + 1;
                    }
                }
            }
        }
        catch (LibGit2SharpException e)
        {
            problem = $"history read up to commit {seen}: {e.Message}";
        }

        return new GitHistory(head.Sha, pairs, commits, problem);
    }
}
