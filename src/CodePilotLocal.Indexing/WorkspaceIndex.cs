using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Privacy;
using CodePilotLocal.Indexing.Git;
using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.Indexing.Store;
using CodePilotLocal.Indexing.Workspace;
using LibGit2Sharp;
using Microsoft.CodeAnalysis;

namespace CodePilotLocal.Indexing;

/// <summary>
/// The index of one workspace folder: which files may be read, their chunks and C# symbols in SQLite,
/// the git history around them, and a Roslyn compilation of the C# files. Updates are incremental
/// (by content hash) and may run while requests read.
/// </summary>
public sealed class WorkspaceIndex : IDisposable
{
    private const int FilesPerTransaction = 64;

    private readonly IgnoreRules _rules;
    private readonly Repository? _repository;
    private readonly string _repositoryPrefix;
    private readonly Lock _gitLock = new();
    private readonly SemaphoreSlim _updateLock = new(1, 1);
    private readonly Dictionary<string, ((long, long, string?) Key, (string, string)? Change)> _recentChanges = new(StringComparer.Ordinal);

    private WorkspaceIndex(string root, IndexStore store, IndexingOptions options, Repository? repository, string? gitProblem)
    {
        Root = root;
        Store = store;
        Options = options;
        _rules = IgnoreRules.For(root);
        Scanner = new WorkspaceScanner(root, _rules);
        _repository = repository;
        GitProblem = gitProblem;
        _repositoryPrefix = repository is null ? "" : NormalizePrefix(Path.GetRelativePath(repository.Info.WorkingDirectory, root));
    }

    public string Root { get; }

    public IndexStore Store { get; }

    public IndexingOptions Options { get; }

    public WorkspaceScanner Scanner { get; }

    public CSharpSemantics CSharp { get; } = new();

    /// <summary>Why there is no git history (no repository, unreadable); null when there is one.</summary>
    public string? GitProblem { get; }

    public string Name => Path.GetFileName(Root.TrimEnd('/', '\\'));

    /// <summary>Opens (or creates) the index of a folder; the SQLite file goes to <paramref name="databasePath"/> or the user cache.</summary>
    public static WorkspaceIndex Open(string root, IndexingOptions? options = null, string? databasePath = null)
    {
        root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"No such folder: {root}");
        }

        var store = IndexStore.Open(databasePath ?? IndexLocation.For(root));
        var repository = GitRepositories.TryOpen(root, out var problem);
        return new WorkspaceIndex(root, store, options ?? new IndexingOptions(), repository, problem);
    }

    /// <summary>Brings the whole index up to date with the folder: new and changed files indexed, gone ones dropped, history re-read when HEAD moved.</summary>
    public async Task<IndexSummary> UpdateAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _updateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => UpdateAll(progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _updateLock.Release();
        }
    }

    /// <summary>Re-indexes one file: from the editor's text when given, else from disk; a file that is gone or now excluded is dropped.</summary>
    /// <exception cref="PathOutsideWorkspaceException">The path is outside the workspace.</exception>
    public async Task UpdateFileAsync(string path, string? text, CancellationToken cancellationToken = default)
    {
        await _updateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = Scanner.Resolve(path, out _);
            var relative = file?.RelativePath ?? Scanner.RelativeOf(Path.GetFullPath(path, Root));
            if (file is null || (text is null && !File.Exists(file.FullPath)))
            {
                Store.RemoveFiles([relative]);
                CSharp.Remove(relative);
                return;
            }

            var read = text is null ? Read(file) : Build(file, Encoding.UTF8.GetBytes(text), text);
            if (read is null)
            {
                Store.RemoveFiles([relative]);
                CSharp.Remove(relative);
                return;
            }

            Store.WriteFiles([read.Value.File]);
            if (read.Value.Tree is { } tree)
            {
                CSharp.Set([tree]);
            }
        }
        finally
        {
            _updateLock.Release();
        }
    }

    /// <summary>This file's uncommitted diff, or the hunks of its last commit; null without git or change.</summary>
    /// <remarks>Asked on every request, so remembered until the file on disk, the git index or HEAD changes.</remarks>
    public (string Patch, string Label)? RecentChange(string relativePath)
    {
        if (_repository is null)
        {
            return null;
        }

        var file = new FileInfo(Path.Combine(Root, relativePath));
        lock (_gitLock)
        {
            var key = (file.Exists ? file.LastWriteTimeUtc.Ticks ^ file.Length : 0, File.GetLastWriteTimeUtc(Path.Combine(_repository.Info.Path, "index")).Ticks, _repository.Head.Tip?.Sha);
            if (_recentChanges.TryGetValue(relativePath, out var cached) && cached.Key == key)
            {
                return cached.Change;
            }

            var last = Store.RecentCommits(relativePath, 1).FirstOrDefault()?.Sha;
            var change = GitDiffs.Recent(_repository, _repositoryPrefix + relativePath, last);
            _recentChanges[relativePath] = (key, change);
            return change;
        }
    }

    /// <summary>The file's text in the last commit; null without git or when the file is not in it.</summary>
    public string? CommittedText(string relativePath)
    {
        if (_repository is null)
        {
            return null;
        }

        lock (_gitLock)
        {
            return GitDiffs.Committed(_repository, _repositoryPrefix + relativePath);
        }
    }

    /// <summary>The commits that last wrote these lines (1-based, inclusive), newest first; empty without git.</summary>
    public IReadOnlyList<FileCommit> HistoryOf(string relativePath, int firstLine, int lastLine)
    {
        if (_repository is null)
        {
            return [];
        }

        lock (_gitLock)
        {
            return GitBlame.CommitsOf(_repository, _repositoryPrefix + relativePath, relativePath, firstLine, lastLine);
        }
    }

    public void Dispose()
    {
        Store.Dispose();
        _rules.Dispose();
        _repository?.Dispose();
        _updateLock.Dispose();
    }

    private IndexSummary UpdateAll(IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var skipped = new Dictionary<SkipReason, int>();
        progress?.Report(new IndexProgress("Scanning", 0, 0));
        var files = Scanner.Scan(skipped).ToList();
        var known = Store.FileHashes();
        var indexed = 0;
        var unchanged = 0;
        var done = 0;
        var trees = new ConcurrentBag<SyntaxTree>();
        var skippedWhileReading = new ConcurrentDictionary<SkipReason, int>();
        var notText = new ConcurrentBag<string>();

        foreach (var batch in files.Chunk(FilesPerTransaction))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var results = new ConcurrentBag<IndexedFile>();
            Parallel.ForEach(batch, new ParallelOptions { CancellationToken = cancellationToken }, file =>
            {
                var text = FileReader.TryRead(file, Options.MaxFileBytes, out var reason);
                if (text is null)
                {
                    skippedWhileReading.AddOrUpdate(reason!.Value, 1, (_, n) => n + 1);
                    notText.Add(file.RelativePath);
                    return;
                }

                var bytes = Encoding.UTF8.GetBytes(text);
                var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (known.TryGetValue(file.RelativePath, out var old) && old == hash)
                {
                    Interlocked.Increment(ref unchanged);
                    if (Languages.For(file.RelativePath) == Languages.CSharp)
                    {
                        trees.Add(CSharpDeclarations.Parse(text, file.RelativePath));
                    }

                    return;
                }

                var built = Build(file, bytes, text, hash);
                results.Add(built.File);
                if (built.Tree is { } tree)
                {
                    trees.Add(tree);
                }
            });

            Store.WriteFiles(results.ToList());
            indexed += results.Count;
            done += batch.Length;
            progress?.Report(new IndexProgress("Indexing files", done, files.Count));
        }

        foreach (var (reason, count) in skippedWhileReading)
        {
            skipped[reason] = skipped.GetValueOrDefault(reason) + count;
        }

        // Gone from the folder, or no longer text (grown too large, turned binary): drop what the index had.
        var present = new HashSet<string>(files.Select(f => f.RelativePath).Except(notText), StringComparer.Ordinal);
        var gone = known.Keys.Where(p => !present.Contains(p)).ToList();
        Store.RemoveFiles(gone);
        gone.ForEach(CSharp.Remove);

        progress?.Report(new IndexProgress("Compiling C#", 0, trees.Count));
        var projects = files.Where(f => f.RelativePath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(f.RelativePath) == "Directory.Packages.props");
        CSharp.SetPackageReferences(PackageReferences.Resolve(projects.Select(f => f.FullPath), PackageReferences.CacheFolder));
        CSharp.Set(trees);
        progress?.Report(new IndexProgress("Reading git history", 0, 0));
        var historyProblem = UpdateHistory(cancellationToken);
        return new IndexSummary(indexed, unchanged, gone.Count, skipped, Store.Counts(), CSharp.FileCount, clock.Elapsed, historyProblem ?? GitProblem, Store.RebuiltBecause);
    }

    private string? UpdateHistory(CancellationToken cancellationToken)
    {
        if (_repository is null)
        {
            return null;
        }

        lock (_gitLock)
        {
            var head = _repository.Head.Tip?.Sha;
            if (head is not null && head == Store.GitHead)
            {
                return null;
            }

            var history = GitHistory.Read(_repository, ToWorkspacePath, Options, cancellationToken);
            Store.WriteHistory(history.Head, history.CoChange, history.Commits);
            return history.Problem;
        }
    }

    private string? ToWorkspacePath(string repositoryPath)
    {
        repositoryPath = repositoryPath.Replace('\\', '/');
        return repositoryPath.StartsWith(_repositoryPrefix, StringComparison.Ordinal) ? repositoryPath[_repositoryPrefix.Length..] : null;
    }

    private (IndexedFile File, SyntaxTree? Tree)? Read(WorkspaceFile file)
    {
        var text = FileReader.TryRead(file, Options.MaxFileBytes, out _);
        return text is null ? null : Build(file, Encoding.UTF8.GetBytes(text), text);
    }

    private (IndexedFile File, SyntaxTree? Tree) Build(WorkspaceFile file, byte[] bytes, string text, string? hash = null)
    {
        hash ??= Convert.ToHexStringLower(SHA256.HashData(bytes));
        var language = Languages.For(file.RelativePath);
        var chunks = TextChunker.Chunk(text, Options.ChunkLines)
            .Select(c => c with { Text = SecretRedactor.Redact(c.Text) })
            .ToList();
        SyntaxTree? tree = null;
        IReadOnlyList<DeclaredSymbol> symbols = [];
        if (language == Languages.CSharp)
        {
            tree = CSharpDeclarations.Parse(text, file.RelativePath);
            symbols = CSharpDeclarations.Extract(tree);
        }

        var lines = text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);
        return (new IndexedFile(file.RelativePath, hash, language, lines, chunks, symbols), tree);
    }

    private static string NormalizePrefix(string relative) => relative == "." ? "" : relative.Replace('\\', '/').TrimEnd('/') + "/";
}
