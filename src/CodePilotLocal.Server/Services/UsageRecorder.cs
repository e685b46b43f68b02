using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.Usage;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Usage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// Local usage statistics: each suggestion the server answers gets an id and a row (no text, no prompt),
/// and what the editor reports of it (shown, accepted, dismissed) updates the row. An accepted text is
/// checked <see cref="ServerOptions.RetentionDelay"/> later against the document the server already has.
/// All writes run on one background task: a completion never waits on the database, and a database that
/// cannot be opened costs the statistics, never a suggestion.
/// </summary>
internal sealed class UsageRecorder : IAsyncDisposable
{
    private static readonly TimeSpan RetryOpenAfter = TimeSpan.FromMinutes(1);

    /// <summary>Work for the writer; the store is null while the database cannot be opened.</summary>
    private readonly Channel<Action<UsageStore?>> _work = Channel.CreateUnbounded<Action<UsageStore?>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly WorkspaceState _workspace;
    private readonly DocumentStore _documents;
    private readonly ILogger<UsageRecorder> _logger;
    private readonly TimeSpan _retentionDelay;
    private readonly Task _writer;
    private UsageStore? _store;
    private DateTimeOffset _retryAt;

    public UsageRecorder(ServerOptions options, WorkspaceState workspace, DocumentStore documents, ILogger<UsageRecorder> logger)
    {
        Path = UsageStore.DefaultPath;
        _retentionDelay = options.RetentionDelay;
        _workspace = workspace;
        _documents = documents;
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    public string Path { get; }

    /// <summary>The editor's name from initialize (clientInfo), kept with each suggestion.</summary>
    public string ClientName { get; set; } = "unknown";

    private bool Enabled => _workspace.Settings.UsageStats;

    /// <summary>Records a suggestion answered to the editor; returns its id for the client's events.</summary>
    public string Served(CompletionResult result, OpenDocument document, TimeSpan latency)
    {
        var id = Guid.NewGuid().ToString("N");
        if (Enabled)
        {
            var record = new SuggestionRecord(id, DateTimeOffset.UtcNow, ClientName, LanguageOf(document), result.ModelName,
                SettingsHash(_workspace.Settings.Completion), latency.TotalMilliseconds, result.FromCache, result.Text.Length);
            Enqueue(store => store.Add(record));
        }

        return id;
    }

    /// <summary>An event a client reported (codepilot/suggestionEvent).</summary>
    public void Event(string id, SuggestionEventKind kind)
    {
        var at = DateTimeOffset.UtcNow;
        Change(id, record => record.With(kind, at));
    }

    /// <summary>
    /// The client inserted <paramref name="text"/> of a suggestion at <paramref name="offset"/> (codepilot.acceptedSuggestion):
    /// counted as accepted characters now, and checked for what is left of it after the retention delay.
    /// </summary>
    public void Inserted(string id, Uri document, string textAfterInsert, int offset, string text)
    {
        var at = DateTimeOffset.UtcNow;
        Change(id, record => record.WithInserted(text.Length, at));
        if (!Enabled || text.Length == 0)
        {
            return;
        }

        _ = Task.Delay(_retentionDelay, _stopping.Token).ContinueWith(
            _ =>
            {
                if (_documents.TryGet(document) is not { } now)
                {
                    return; // closed in the meantime: not checked
                }

                var retained = Retention.RetainedCharacters(textAfterInsert, offset, text.Length, now.Text.Text);
                Change(id, record => record.WithRetention(text.Length, retained));
            },
            _stopping.Token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>The figures over the last <paramref name="days"/> days; null when the database cannot be read.</summary>
    public Task<UsageSummary?> SummaryAsync(int days)
    {
        var answer = new TaskCompletionSource<UsageSummary?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var now = DateTimeOffset.UtcNow;
        if (!_work.Writer.TryWrite(store => answer.TrySetResult(store is null ? null : UsageSummary.Of(store.Since(now.AddDays(-days - 1)), days, now))))
        {
            answer.TrySetResult(null); // stopping
        }

        return answer.Task;
    }

    /// <summary>Writes what is queued and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _work.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _store?.Dispose();
    }

    private void Change(string id, Func<SuggestionRecord, SuggestionRecord> change)
    {
        if (!Enabled)
        {
            return;
        }

        Enqueue(store =>
        {
            if (store.Find(id) is not { } record)
            {
                _logger.LogDebug("Usage event for unknown suggestion {Id} ignored (never served, or pruned)", id);
                return;
            }

            store.Update(change(record));
        });
    }

    private void Enqueue(Action<UsageStore> action) => _work.Writer.TryWrite(store =>
    {
        if (store is not null)
        {
            action(store);
        }
    });

    private async Task WriteAsync()
    {
        await foreach (var action in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                action(Store());
            }
            catch (SqliteException e)
            {
                // Locked by another process, or damaged since it was opened: drop this event, reopen (and rebuild if need be) next time.
                _logger.LogWarning("Usage statistics: {Error}", e.Message);
                _store?.Dispose();
                _store = null;
            }
        }
    }

    private UsageStore? Store()
    {
        if (_store is not null || DateTimeOffset.UtcNow < _retryAt)
        {
            return _store;
        }

        try
        {
            _store = UsageStore.Open(Path, DateTimeOffset.UtcNow);
            if (_store.RebuiltBecause is { } why)
            {
                _logger.LogWarning("The usage statistics at {Path} were unreadable ({Why}); started afresh", Path, why);
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("No usage statistics for now, {Path} cannot be opened: {Error}", Path, e.Message);
            _retryAt = DateTimeOffset.UtcNow + RetryOpenAfter;
        }

        return _store;
    }

    private static string LanguageOf(OpenDocument document) =>
        string.IsNullOrWhiteSpace(document.LanguageId) ? System.IO.Path.GetExtension(document.Uri.AbsolutePath).TrimStart('.') : document.LanguageId;

    /// <summary>Eight hex digits that change when any completion setting does, so settings can be compared without storing them.</summary>
    public static string SettingsHash(CompletionOptions options) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(options.ToString())))[..8];
}
