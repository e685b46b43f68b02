using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Indexing;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Server.Evaluation;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.Inference.Remote;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Handlers.Commands;
using CodePilotLocal.Server.Handlers.Completion;
using CodePilotLocal.Server.Handlers.Configuration;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Server.Handlers.Context;
using CodePilotLocal.Server.Handlers.Explain;
using CodePilotLocal.Server.Handlers.Fix;
using CodePilotLocal.Server.Handlers.DocumentChanges;
using CodePilotLocal.Server.Handlers.InlineCompletion;
using CodePilotLocal.Server.Handlers.Lifecycle;
using CodePilotLocal.Server.Handlers.NextEdit;
using CodePilotLocal.Server.Handlers.Prewarm;
using CodePilotLocal.Server.Handlers.Usage;
using CodePilotLocal.Server.Handlers.Workspace;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server;

/// <summary>
/// The composition root: one instance of each service, shared by the LSP handlers and by the command
/// line's one-shot commands, so that `codepilot complete` runs exactly the server's code path.
/// </summary>
public sealed class CodePilotServices : IAsyncDisposable
{
    public CodePilotServices(ServerOptions options, ILoggerFactory loggers, EngineLoader? loader = null, RemoteConnector? connector = null)
    {
        Loggers = loggers;
        loader ??= async (path, inference, ct) =>
            await LlamaSharpEngine.LoadAsync(path, inference, loggers.CreateLogger("CodePilotLocal.Inference"), ct).ConfigureAwait(false);
        connector ??= async (backend, ct) =>
            await RemoteEngine.ConnectAsync(backend, loggers.CreateLogger("CodePilotLocal.Inference.Remote"), ct).ConfigureAwait(false);
        Notifier = new JsonRpcClientNotifier(loggers.CreateLogger<JsonRpcClientNotifier>());
        Workspace = new WorkspaceState(options.Settings);
        Models = new ModelService(options, loader, connector, Notifier, loggers.CreateLogger<ModelService>());
        Contexts = new ContextService(Workspace, Notifier, loggers.CreateLogger<ContextService>());
        Completions = new CompletionService(Models, Contexts, Workspace, loggers.CreateLogger<CompletionService>());
        ChatModels = new ChatModelService(options, Workspace, Models, loader, loggers.CreateLogger<ChatModelService>());
        Explanations = new ExplainService(ChatModels, Contexts, Workspace, loggers.CreateLogger<ExplainService>());
        Fixes = new FixService(ChatModels, Contexts, Workspace, loggers.CreateLogger<FixService>());
        NextEdits = new NextEditService(options, Workspace, Contexts, Documents, loader, connector, loggers.CreateLogger<NextEditService>());
        Usage = new UsageRecorder(options, Workspace, Documents, loggers.CreateLogger<UsageRecorder>());
    }

    internal ILoggerFactory Loggers { get; }

    internal JsonRpcClientNotifier Notifier { get; }

    internal WorkspaceState Workspace { get; }

    internal ModelService Models { get; }

    internal ContextService Contexts { get; }

    internal CompletionService Completions { get; }

    internal ChatModelService ChatModels { get; }

    internal ExplainService Explanations { get; }

    internal FixService Fixes { get; }

    internal UsageRecorder Usage { get; }

    internal NextEditService NextEdits { get; }

    internal DocumentStore Documents { get; } = new();

    internal ServerLifecycle Lifecycle { get; } = new();

    private int _configured;
    private int _indexed;
    private int _disposed;

    internal IEnumerable<object> CreateHandlers() =>
    [
        new InitializeHandler(Workspace, Models, Lifecycle, Notifier, Usage),
        new InitializedHandler(Contexts),
        new ShutdownHandler(Lifecycle),
        new ExitHandler(Lifecycle),
        new DidOpenHandler(Documents),
        new DidChangeHandler(Documents, Completions, Contexts, NextEdits),
        new DidCloseHandler(Documents, Completions),
        new DidSaveHandler(Documents, Contexts),
        new DidChangeWatchedFilesHandler(Contexts),
        new DidChangeConfigurationHandler(Workspace, Models, Notifier),
        new InlineCompletionHandler(Documents, Completions, NextEdits, Usage),
        new CompletionHandler(Documents, Completions),
        new ExecuteCommandHandler(Documents, Completions, Explanations, Notifier, Usage),
        new ExplainHandler(Documents, Explanations, Notifier),
        new CodeActionHandler(Documents, Contexts),
        new CodeActionResolveHandler(Documents, Fixes, Notifier),
        new FixHandler(Documents, Fixes),
        new PrewarmHandler(Documents, Completions),
        new ContextHandler(Documents, Completions),
        new SuggestionEventHandler(Usage),
        new UsageHandler(Usage, Workspace),
        new NextEditHandler(Documents, NextEdits),
    ];

    /// <summary>Loads the configured model (or finds none) and returns it; null when there is none.</summary>
    public Task<IInferenceEngine?> GetEngineAsync(CancellationToken cancellationToken)
    {
        ConfigureOnce();
        return Models.GetEngineAsync(cancellationToken);
    }

    /// <summary>The engine and, when it cannot serve completions (no model, a load error, no FIM tokens), why not.</summary>
    public async Task<(IInferenceEngine? Engine, string? Problem)> GetCompletionEngineAsync(CancellationToken cancellationToken)
    {
        var engine = await GetEngineAsync(cancellationToken).ConfigureAwait(false);
        return engine is null
            ? (null, await Models.DescribeAsync(cancellationToken).ConfigureAwait(false))
            : (engine, engine.Model.CompletionBlocker);
    }

    /// <summary>Completes a file at a zero-based position as if it were open in an editor (its workspace indexed first, if it was not).</summary>
    public async Task<CompletionResult?> CompleteFileAsync(string path, LinePosition position, CancellationToken cancellationToken)
    {
        var (uri, text) = await OpenFileAsync(path, cancellationToken).ConfigureAwait(false);
        return await CompleteTextAsync(uri, text, position, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The prompt a completion at a zero-based position of a file would send, and the repository context in it.</summary>
    /// <exception cref="PositionOutOfRangeException">The position is outside the file.</exception>
    public async Task<PromptPreview?> PreviewFileAsync(string path, LinePosition position, CancellationToken cancellationToken)
    {
        ConfigureOnce();
        var (uri, text) = await OpenFileAsync(path, cancellationToken).ConfigureAwait(false);
        var offset = new TextSnapshot(text).ToOffset(position);
        return await Completions.PreviewAsync(uri, text, offset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The next edit at a zero-based position of a file, as codepilot/nextEdit answers it, with the file's uncommitted
    /// changes (against the last commit) as the recent edits.
    /// </summary>
    public async Task<NextEditSuggestion> NextEditFileAsync(string path, LinePosition position, CancellationToken cancellationToken)
    {
        ConfigureOnce();
        var (uri, text) = await OpenFileAsync(path, cancellationToken).ConfigureAwait(false);
        var snapshot = new TextSnapshot(text);
        snapshot.ToOffset(position); // a position outside the file is the caller's error, before any model is loaded
        var relative = CompletionTarget.For(uri, Workspace.RootPath).RelativePath;
        if (relative is not null && Contexts.Index?.CommittedText(relative) is { } committed && Contexts.MayRead(uri))
        {
            NextEdits.History.Forget(relative); // asked again (--repeat): the same change, not a second one
            NextEdits.History.Record(relative, committed, text, DateTimeOffset.UtcNow);
        }

        return await NextEdits.SuggestAsync(new OpenDocument(uri, Path.GetExtension(path).TrimStart('.'), 0, snapshot), position, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Explains whole lines of a file (1-based, inclusive), as codepilot/explain does.</summary>
    /// <param name="onText">The Markdown written so far, after each piece.</param>
    public async Task<(string Markdown, string Model, string? StopReason)> ExplainFileAsync(
        string path, int firstLine, int lastLine, Action<string>? onText, CancellationToken cancellationToken)
    {
        ConfigureOnce();
        var (uri, text) = await OpenFileAsync(path, cancellationToken).ConfigureAwait(false);
        var snapshot = new TextSnapshot(text);
        var (start, end) = LinesOf(snapshot, firstLine, lastLine);
        return await Explanations.ExplainAsync(uri, snapshot, start, end, onText, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fixes whole lines of a C# file (1-based, inclusive), as codepilot/fix does; the file itself is not touched.</summary>
    public async Task<(string Before, FixOutcome Outcome)> FixFileAsync(
        string path, int firstLine, int lastLine, string? instruction, CancellationToken cancellationToken)
    {
        ConfigureOnce();
        var (uri, text) = await OpenFileAsync(path, cancellationToken).ConfigureAwait(false);
        var snapshot = new TextSnapshot(text);
        var (start, end) = LinesOf(snapshot, firstLine, lastLine);
        return (text, await Fixes.FixAsync(uri, snapshot, start, end, instruction, cancellationToken).ConfigureAwait(false));
    }

    /// <exception cref="PositionOutOfRangeException">The lines are not in the file.</exception>
    private static (LinePosition Start, LinePosition End) LinesOf(TextSnapshot text, int firstLine, int lastLine)
    {
        if (firstLine < 1 || lastLine < firstLine || lastLine > text.LineCount)
        {
            throw new PositionOutOfRangeException($"Lines {firstLine}-{lastLine} are not in the file (it has {text.LineCount} lines).");
        }

        return (new LinePosition(firstLine - 1, 0), lastLine < text.LineCount ? new LinePosition(lastLine, 0) : text.ToPosition(text.Length));
    }

    /// <summary>
    /// Opens the workspace (a folder; the git repository around a file otherwise), brings its index up to
    /// date and waits for the C# semantics to be built, as the server does in the background before the
    /// first completion.
    /// </summary>
    /// <returns>What the update did; null when the folder cannot be indexed.</returns>
    public async Task<IndexSummary?> IndexAsync(string? root, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        Workspace.RootPath ??= root is null ? null : Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        if (Contexts.Index is not { } index)
        {
            return null;
        }

        var summary = await index.UpdateAsync(progress, cancellationToken).ConfigureAwait(false);
        await index.CSharp.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>Where the index file goes instead of the user cache (the demo's throw-away workspace).</summary>
    public string? IndexPath
    {
        get => Workspace.IndexPath;
        set => Workspace.IndexPath = value;
    }

    /// <summary>Runs `codepilot eval` on the indexed workspace; without a usable model, prompts only.</summary>
    public async Task<EvalReport> EvaluateAsync(EvalOptions options, bool useModel, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var index = Contexts.Index ?? throw new InvalidOperationException("Index the workspace first (IndexAsync).");
        var engine = useModel ? await GetEngineAsync(cancellationToken).ConfigureAwait(false) : null;
        return await new EvalRunner(index, Workspace.Settings.Completion, engine).RunAsync(options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where the one-shot commands report indexing: set by the command line to print on stderr.</summary>
    public IProgress<IndexProgress>? IndexProgress { get; set; }

    private async Task<(Uri Uri, string Text)> OpenFileAsync(string path, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        if (Interlocked.Exchange(ref _indexed, 1) == 0)
        {
            await IndexAsync(GitRepositories.WorkspaceRootFor(fullPath), IndexProgress, cancellationToken).ConfigureAwait(false);
        }

        return (new Uri(fullPath), await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Completes a document's text at a zero-based position, as the server does for an open document.</summary>
    public async Task<CompletionResult?> CompleteTextAsync(Uri uri, string text, LinePosition position, CancellationToken cancellationToken)
    {
        ConfigureOnce();
        var document = new OpenDocument(uri, Path.GetExtension(uri.LocalPath).TrimStart('.'), 0, new TextSnapshot(text));
        return await Completions.CompleteAsync(document, position, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts preparing a position's prompt, as an editor's codepilot/prewarm does when the cursor lands there; returns at once.</summary>
    public void Prewarm(Uri uri, string text, LinePosition position)
    {
        ConfigureOnce();
        var document = new OpenDocument(uri, Path.GetExtension(uri.LocalPath).TrimStart('.'), 0, new TextSnapshot(text));
        _ = Completions.PrewarmAsync(document, position);
    }

    /// <summary>Changes the completion options in force (the bench compares the guard on and off this way).</summary>
    public void ChangeCompletionOptions(Func<CompletionOptions, CompletionOptions> change) =>
        Workspace.Settings = Workspace.Settings with { Completion = change(Workspace.Settings.Completion) };

    /// <summary>What the model call of the last completion cost; null when the suggestion cache answered it.</summary>
    public GenerationStatistics? LastStatistics => Completions.LastStatistics;

    /// <summary>What guidance did in the last completion; null when the suggestion cache answered it.</summary>
    public GuidanceOutcome? LastGuidance => Completions.LastGuidance;

    /// <summary>The repository context of the last completion's prompt; null when the suggestion cache answered it.</summary>
    public IReadOnlyList<ContextSnippet>? LastRepository => Completions.LastRepository;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Contexts.Dispose();
        await Usage.DisposeAsync().ConfigureAwait(false);
        await ChatModels.DisposeAsync().ConfigureAwait(false);
        await NextEdits.DisposeAsync().ConfigureAwait(false);
        await Models.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The one-shot commands configure the model once, from the command line; the server configures it
    /// on initialize and on every settings change instead. Resolving can scan the model cache, so not per call.
    /// </summary>
    private void ConfigureOnce()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 0)
        {
            Models.Configure(Workspace.Settings);
        }
    }
}
