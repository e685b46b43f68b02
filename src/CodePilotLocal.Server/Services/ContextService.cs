using System.Collections.Concurrent;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Indexing;
using CodePilotLocal.Indexing.Context;
using CodePilotLocal.Indexing.Workspace;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// The repository index of the open workspace and the context completions get from it. Indexing runs in
/// the background (reported as progress) and keeps up with saves, edits and file-system events one file
/// at a time; until it is done, completions get what is indexed so far. A workspace that cannot be
/// indexed only means completions without repository context.
/// </summary>
internal sealed class ContextService(WorkspaceState workspace, IClientNotifier notifier, ILogger<ContextService> logger) : IDisposable
{
    /// <summary>Edits are re-indexed once the user pauses this long.</summary>
    public static readonly TimeSpan EditSettleTime = TimeSpan.FromSeconds(1);

    /// <summary>The share of the context budget that a file-scoped context chooses for the whole file; the place gets the rest.</summary>
    public const double FileWideShare = 0.75;

    /// <summary>A file-scoped context's file part is chosen anew after this long (what the file uses changes as it is written).</summary>
    public static readonly TimeSpan FileContextLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Documents whose last prompt context is remembered (so the next one in the same file can keep it).</summary>
    private const int MaxRememberedContexts = 64;

    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _pendingEdits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Uri, IReadOnlyList<ContextSnippet>> _lastContext = new();
    private readonly ConcurrentDictionary<Uri, (ContextSelection Selection, int Budget, DateTimeOffset At)> _fileContext = new();
    private readonly CancellationTokenSource _stopping = new();
    private WorkspaceIndex? _index;
    private Task<IndexSummary?>? _indexing;
    private CachingTokenCounter? _counter;

    /// <summary>The index of the workspace, opened on first use; null without a workspace folder or when it cannot be opened.</summary>
    public WorkspaceIndex? Index
    {
        get
        {
            lock (_lock)
            {
                if (_index is null && workspace.RootPath is { } root && Directory.Exists(root))
                {
                    try
                    {
                        _index = WorkspaceIndex.Open(root, workspace.Settings.Indexing, workspace.IndexPath);
                        if (_index.Store.RebuiltBecause is { } why)
                        {
                            notifier.Log(MessageType.Warning, $"The repository index was unusable ({why}); it is being rebuilt.");
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
                    {
                        logger.LogWarning("No repository index for {Root}: {Error}", root, e.Message);
                        notifier.Show(MessageType.Warning, $"CodePilot cannot index {root}: {e.Message}. Completions go on without repository context.");
                        workspace.RootPath = null;
                    }
                }

                return _index;
            }
        }
    }

    /// <summary>The first full index update has finished (the compilation holds every C# file).</summary>
    public bool IsIndexed => _indexing is { IsCompletedSuccessfully: true, Result: not null };

    /// <summary>Brings the index up to date in the background; a second call while it runs joins it.</summary>
    public Task<IndexSummary?> StartIndexing()
    {
        lock (_lock)
        {
            return _indexing is { IsCompleted: false } running ? running : _indexing = Task.Run(IndexAsync);
        }
    }

    /// <summary>The repository context for a document at an offset; null where there is none (no index, a file outside the workspace).</summary>
    public RepositoryContext? Gather(Uri document, string text, int offset, int tokenBudget, ITokenCounter counter, CancellationToken cancellationToken)
    {
        if (tokenBudget <= 0 || !document.IsFile || Index is not { } index)
        {
            return null;
        }

        try
        {
            index.Scanner.RelativeOfRealFile(document.LocalPath);
            var previous = _lastContext.GetValueOrDefault(document);
            var engine = new ContextEngine(index);
            var cached = CachedFor(counter);
            var fileWide = workspace.Settings.Completion.ContextScope == ContextScope.File
                ? FileWideFor(engine, document, text, (int)(tokenBudget * FileWideShare), cached, cancellationToken)
                : null;
            var gathered = engine.Gather(new ContextRequest(document.LocalPath, text, offset, tokenBudget, Previous: previous, FileWide: fileWide), cached, cancellationToken);
            if (_lastContext.Count >= MaxRememberedContexts && previous is null)
            {
                _lastContext.Clear();
            }

            _lastContext[document] = gathered.Selection.Snippets.Select(c => c.Snippet).ToList();
            return gathered;
        }
        catch (PathOutsideWorkspaceException)
        {
            return null; // the editor may open any file; only the workspace's own get repository context
        }
    }

    /// <summary>
    /// Whether a document's text may go into a prompt as another file's would: not a secret file, and inside the
    /// workspace and not ignored there (with no workspace, any file but a secret one).
    /// </summary>
    public bool MayRead(Uri document)
    {
        if (!document.IsFile || Core.Privacy.SecretFiles.IsSecret(document.LocalPath))
        {
            return false;
        }

        if (Index is not { } index)
        {
            return true;
        }

        try
        {
            return index.Scanner.Resolve(index.Scanner.RelativeOfRealFile(document.LocalPath), out _) is not null;
        }
        catch (PathOutsideWorkspaceException)
        {
            return false;
        }
    }

    /// <summary>The counter, remembering counts across requests (one cache per model: another tokenizer, other counts).</summary>
    private CachingTokenCounter CachedFor(ITokenCounter counter)
    {
        var cached = _counter;
        if (cached is null || !ReferenceEquals(cached.Inner, counter))
        {
            _counter = cached = new CachingTokenCounter(counter);
        }

        return cached;
    }

    /// <summary>
    /// The file's part of a file-scoped context, chosen at the first request in the file and kept while it stays the same
    /// budget and younger than <see cref="FileContextLifetime"/> (so that every prompt in the file starts the same).
    /// </summary>
    private ContextSelection FileWideFor(ContextEngine engine, Uri document, string text, int tokenBudget, ITokenCounter counter, CancellationToken cancellationToken)
    {
        if (_fileContext.TryGetValue(document, out var kept) && kept.Budget == tokenBudget && DateTimeOffset.UtcNow - kept.At < FileContextLifetime)
        {
            return kept.Selection;
        }

        if (_fileContext.Count >= MaxRememberedContexts)
        {
            _fileContext.Clear();
        }

        var selection = engine.GatherFileWide(document.LocalPath, text, tokenBudget, counter, cancellationToken: cancellationToken);
        _fileContext[document] = (selection, tokenBudget, DateTimeOffset.UtcNow);
        return selection;
    }

    /// <summary>Like <see cref="Gather"/>, but a path outside the workspace is an error the client hears about.</summary>
    /// <exception cref="PathOutsideWorkspaceException">The document is outside the workspace.</exception>
    public RepositoryContext? GatherOrRefuse(Uri document, string text, int offset, int tokenBudget, ITokenCounter counter, CancellationToken cancellationToken)
    {
        if (Index is { } index && document.IsFile)
        {
            index.Scanner.RelativeOfRealFile(document.LocalPath);
        }

        return Gather(document, text, offset, tokenBudget, counter, cancellationToken);
    }

    /// <summary>Outlines of what a range of a C# file uses from other files, fitted into a budget: for explain and fix prompts.</summary>
    public IReadOnlyList<ContextSnippet> DeclarationsUsedIn(string relativePath, string text, int start, int end, int tokenBudget, ITokenCounter counter, CancellationToken cancellationToken) =>
        Index is { } index && Languages.For(relativePath) == Languages.CSharp
            ? ContextAssembler.Assemble(index.CSharp.DeclarationsIn(relativePath, text, start, end, cancellationToken), tokenBudget, counter).Snippets.Select(c => c.Snippet).ToList()
            : [];

    /// <summary>A saved or externally changed file: re-index it from disk (a deleted one is dropped).</summary>
    public void FileChangedOnDisk(Uri document) => Schedule(document, text: null, TimeSpan.Zero);

    /// <summary>An edit in the editor: re-index the buffer's text once the user pauses.</summary>
    public void FileEdited(Uri document, string text) => Schedule(document, text, EditSettleTime);

    public void Dispose()
    {
        _stopping.Cancel();
        lock (_lock)
        {
            _index?.Dispose();
            _index = null;
        }
    }

    private async Task<IndexSummary?> IndexAsync()
    {
        if (Index is not { } index)
        {
            return null;
        }

        var progress = await notifier.BeginProgressAsync($"CodePilot: indexing {index.Name}").ConfigureAwait(false);
        try
        {
            var summary = await index.UpdateAsync(new Progress<IndexProgress>(p => progress.Report(p.Stage, p.Percent)), _stopping.Token).ConfigureAwait(false);
            var message = $"Indexed {summary.Counts.Files} files ({summary.Indexed} new or changed) in {summary.Elapsed.TotalSeconds:0.0} s: "
                + $"{summary.Counts.Symbols} C# symbols, {summary.Counts.Chunks} chunks, {summary.Counts.CoChangePairs} co-change pairs; skipped {summary.SkippedText}"
                + (summary.HistoryProblem is { } problem ? $"; git history: {problem}" : "")
                + (summary.RebuiltBecause is { } rebuilt ? $"; the index file was rebuilt: {rebuilt}" : "");
            logger.LogInformation("{Message}", message);
            progress.End(message);
            return summary;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Indexing {Root} failed", index.Root);
            progress.End($"Indexing stopped: {e.Message}");
            return null;
        }
    }

    private void Schedule(Uri document, string? text, TimeSpan delay)
    {
        if (!document.IsFile || Index is not { } index)
        {
            return;
        }

        var path = document.LocalPath;
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _pendingEdits.AddOrUpdate(path, cancellation, (_, previous) =>
        {
            try
            {
                previous.Cancel(); // a newer edit supersedes the one waiting
            }
            catch (ObjectDisposedException)
            {
            }

            return cancellation;
        });
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, cancellation.Token).ConfigureAwait(false);
                await index.UpdateFileAsync(path, text, cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (PathOutsideWorkspaceException)
            {
            }
            catch (Exception e)
            {
                logger.LogWarning("Re-indexing {Path} failed: {Error}", path, e.Message);
            }
            finally
            {
                if (_pendingEdits.TryRemove(new KeyValuePair<string, CancellationTokenSource>(path, cancellation)))
                {
                    cancellation.Dispose();
                }
            }
        });
    }
}
