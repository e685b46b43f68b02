using LibGit2Sharp;
using MAB.DotIgnore;

namespace CodePilotLocal.Indexing.Workspace;

/// <summary>
/// What the user excluded: git's own rules where the workspace is in a repository (nested .gitignore
/// files, .git/info/exclude, the global excludes file, exactly as git applies them), the workspace's
/// .gitignore where it is not, and a .codepilotignore (same syntax) for what git tracks but the
/// assistant must not read.
/// </summary>
public sealed class IgnoreRules : IDisposable
{
    public const string FileName = ".codepilotignore";

    private readonly Repository? _repository;
    private readonly string _root;
    private readonly string _repositoryPrefix;
    private readonly IgnoreList? _codepilotIgnore;
    private readonly IgnoreList? _plainGitIgnore;

    private IgnoreRules(string root, Repository? repository)
    {
        _root = root;
        _repository = repository;
        _repositoryPrefix = repository?.Info.WorkingDirectory is { } workdir
            ? Path.GetRelativePath(workdir, root).Replace('\\', '/') is var p && p != "." ? p + "/" : ""
            : "";
        var codepilot = Path.Combine(root, FileName);
        _codepilotIgnore = File.Exists(codepilot) ? new IgnoreList(codepilot) : null;
        var gitignore = Path.Combine(root, ".gitignore");
        _plainGitIgnore = repository is null && File.Exists(gitignore) ? new IgnoreList(gitignore) : null;
    }

    /// <summary>The rules for a workspace folder; a broken repository counts as none (and only its .gitignore applies).</summary>
    public static IgnoreRules For(string root) => new(root, GitRepositories.TryOpen(root, out _));

    /// <param name="relativePath">Path relative to the workspace root, '/' separators.</param>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        if (relativePath == ".git" || relativePath.StartsWith(".git/", StringComparison.Ordinal) || relativePath.EndsWith("/.git", StringComparison.Ordinal))
        {
            return true;
        }

        if (_codepilotIgnore?.IsIgnored(relativePath, isDirectory) == true || _plainGitIgnore?.IsIgnored(relativePath, isDirectory) == true)
        {
            return true;
        }

        if (_repository is null)
        {
            return false;
        }

        try
        {
            return _repository.Ignore.IsPathIgnored(_repositoryPrefix + relativePath + (isDirectory ? "/" : ""));
        }
        catch (LibGit2SharpException)
        {
            return false;
        }
    }

    public void Dispose() => _repository?.Dispose();
}
