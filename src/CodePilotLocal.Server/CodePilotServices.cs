using CodePilotLocal.Core.Text;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Handlers.Commands;
using CodePilotLocal.Server.Handlers.Completion;
using CodePilotLocal.Server.Handlers.Configuration;
using CodePilotLocal.Server.Handlers.DocumentChanges;
using CodePilotLocal.Server.Handlers.InlineCompletion;
using CodePilotLocal.Server.Handlers.Lifecycle;
using CodePilotLocal.Server.Handlers.Prewarm;
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
    public CodePilotServices(ServerOptions options, ILoggerFactory loggers, EngineLoader? loader = null)
    {
        Loggers = loggers;
        loader ??= async (path, inference, ct) =>
            await LlamaSharpEngine.LoadAsync(path, inference, loggers.CreateLogger("CodePilotLocal.Inference"), ct).ConfigureAwait(false);
        Notifier = new JsonRpcClientNotifier(loggers.CreateLogger<JsonRpcClientNotifier>());
        Workspace = new WorkspaceState(options.Settings);
        Models = new ModelService(options, loader, Notifier, loggers.CreateLogger<ModelService>());
        Completions = new CompletionService(Models, Workspace, loggers.CreateLogger<CompletionService>());
    }

    internal ILoggerFactory Loggers { get; }

    internal JsonRpcClientNotifier Notifier { get; }

    internal WorkspaceState Workspace { get; }

    internal ModelService Models { get; }

    internal CompletionService Completions { get; }

    internal DocumentStore Documents { get; } = new();

    internal ServerLifecycle Lifecycle { get; } = new();

    private int _configured;

    internal IEnumerable<object> CreateHandlers() =>
    [
        new InitializeHandler(Workspace, Models, Lifecycle, Notifier),
        new InitializedHandler(),
        new ShutdownHandler(Lifecycle),
        new ExitHandler(Lifecycle),
        new DidOpenHandler(Documents),
        new DidChangeHandler(Documents, Completions),
        new DidCloseHandler(Documents, Completions),
        new DidSaveHandler(Documents),
        new DidChangeConfigurationHandler(Workspace, Models, Notifier),
        new InlineCompletionHandler(Documents, Completions),
        new CompletionHandler(Documents, Completions),
        new ExecuteCommandHandler(Documents, Completions),
        new PrewarmHandler(Documents, Completions),
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

    /// <summary>Completes a file at a zero-based position as if it were open in an editor.</summary>
    public async Task<CompletionResult?> CompleteFileAsync(string path, LinePosition position, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        Workspace.RootPath ??= Path.GetDirectoryName(fullPath);
        var text = await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false);
        return await CompleteTextAsync(new Uri(fullPath), text, position, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes a document's text at a zero-based position, as the server does for an open document.</summary>
    public async Task<CompletionResult?> CompleteTextAsync(Uri uri, string text, LinePosition position, CancellationToken cancellationToken)
    {
        ConfigureOnce();
        var document = new OpenDocument(uri, Path.GetExtension(uri.LocalPath).TrimStart('.'), 0, new TextSnapshot(text));
        return await Completions.CompleteAsync(document, position, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the model call of the last completion cost; null when the suggestion cache answered it.</summary>
    public GenerationStatistics? LastStatistics => Completions.LastStatistics;

    public ValueTask DisposeAsync() => Models.DisposeAsync();

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
