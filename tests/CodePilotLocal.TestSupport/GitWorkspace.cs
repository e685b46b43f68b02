using LibGit2Sharp;

namespace CodePilotLocal.TestSupport;

/// <summary>A real git repository in a temporary folder, built commit by commit.</summary>
public sealed class GitWorkspace : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Repository _repository;
    private DateTimeOffset _clock = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public GitWorkspace()
    {
        Repository.Init(_directory.Path);
        _repository = new Repository(_directory.Path);
    }

    public string Root => _directory.Path;

    public string Write(string path, string content) => _directory.Write(path, content);

    /// <summary>Writes the files and commits everything in the folder that git does not ignore.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            Write(path, content);
        }

        Commands.Stage(_repository, "*");
        _clock = _clock.AddHours(1);
        var signature = new Signature("Test", "test@example.invalid", _clock);
        return _repository.Commit(message, signature, signature).Sha;
    }

    public void Dispose()
    {
        _repository.Dispose();
        _directory.Dispose();
    }
}
