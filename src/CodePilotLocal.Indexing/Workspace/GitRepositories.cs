using LibGit2Sharp;

namespace CodePilotLocal.Indexing.Workspace;

/// <summary>Finds the git repository around a folder; a missing or unreadable one is not an error, only a reason.</summary>
public static class GitRepositories
{
    public static Repository? TryOpen(string folder, out string? problem)
    {
        problem = null;
        try
        {
            var path = Repository.Discover(folder);
            if (path is null)
            {
                problem = "not in a git repository";
                return null;
            }

            var repository = new Repository(path);
            if (repository.Info.IsBare)
            {
                repository.Dispose();
                problem = "the repository is bare";
                return null;
            }

            return repository;
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            problem = "the git repository could not be read: " + e.Message;
            return null;
        }
    }

    /// <summary>The workspace a file belongs to when no editor says: the working directory of its git repository, else its folder.</summary>
    public static string WorkspaceRootFor(string path)
    {
        var folder = Directory.Exists(path) ? Path.GetFullPath(path) : Path.GetDirectoryName(Path.GetFullPath(path))!;
        using var repository = TryOpen(folder, out _);
        return repository?.Info.WorkingDirectory is { } workdir ? Path.GetFullPath(workdir).TrimEnd(Path.DirectorySeparatorChar) : folder;
    }
}
