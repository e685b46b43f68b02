using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.Inference.Remote;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>Loads a model into an inference engine.</summary>
public delegate Task<IInferenceEngine> EngineLoader(string path, InferenceOptions options, CancellationToken cancellationToken);

/// <summary>
/// Owns the one loaded model and, where one is configured, the link to a remote backend. It resolves which
/// file to use — the command line's --model, then the editor's "model" setting, then CODEPILOT_MODEL, then
/// the best model in the user cache — loads it in the background, and tells the user once, clearly, when
/// there is none or it cannot be loaded. Which of the two answers follows the backend mode.
/// </summary>
internal sealed class ModelService(
    ServerOptions options, EngineLoader loader, RemoteConnector connector, IClientNotifier notifier, ILogger<ModelService> logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<ModelState> _state = Task.FromResult(new ModelState(null, null, "No model loaded yet."));
    private (string? Path, InferenceOptions Options)? _loaded;
    private RemoteBackendLink? _remote;

    public void Configure(ServerSettings settings)
    {
        var backend = options.CommandLineBackend ?? settings.Backend;
        ConfigureRemote(backend);
        var (path, source) = backend is { IsRemote: true, Mode: BackendMode.RemoteOnly } ? (null, "remote-only") : Resolve(options, settings);
        lock (_gate)
        {
            var failed = _state.IsCompleted && _state.Result.Engine is null;
            if (_loaded is { } loaded && loaded.Path == path && loaded.Options == settings.Inference && !failed)
            {
                return;
            }

            _loaded = (path, settings.Inference);
            var previous = _state;
            _state = Task.Run(() => LoadAsync(previous, path, source, settings.Inference));
        }
    }

    private void ConfigureRemote(RemoteBackendOptions backend)
    {
        RemoteBackendLink? stale;
        lock (_gate)
        {
            if (_remote?.Options == backend || (_remote is null && !backend.IsRemote))
            {
                return;
            }

            stale = _remote;
            _remote = backend.IsRemote ? new RemoteBackendLink(backend, connector, notifier, logger) : null;
        }

        if (stale is not null)
        {
            _ = stale.DisposeAsync().AsTask();
        }
    }

    /// <summary>
    /// The engine that answers now, or null when there is none (the user has been told why): the local
    /// model, or the remote backend as its mode says.
    /// </summary>
    public async Task<IInferenceEngine?> GetEngineAsync(CancellationToken cancellationToken)
    {
        var remote = _remote;
        if (remote is null)
        {
            return await LocalEngineAsync(cancellationToken).ConfigureAwait(false);
        }

        switch (remote.Options.Mode)
        {
            case BackendMode.RemoteOnly:
                return await remote.GetEngineAsync(cancellationToken).ConfigureAwait(false);
            case BackendMode.RemoteFirst:
                return await remote.GetEngineAsync(cancellationToken).ConfigureAwait(false)
                    ?? await LocalEngineAsync(cancellationToken).ConfigureAwait(false);
            default:
                var local = await LocalEngineAsync(cancellationToken).ConfigureAwait(false);
                return local is { Model.CompletionBlocker: null }
                    ? local
                    : await remote.GetEngineAsync(cancellationToken).ConfigureAwait(false) ?? local;
        }
    }

    /// <summary>A request to this engine failed on the remote side: the next ones go elsewhere for a while, as the mode says.</summary>
    public void ReportFailure(IInferenceEngine engine, RemoteBackendException failure)
    {
        if (_remote is { } remote && remote.Owns(engine))
        {
            remote.ReportFailure(failure);
        }
    }

    /// <summary>A request to this engine was answered.</summary>
    public void ReportSuccess(IInferenceEngine engine)
    {
        if (_remote is { } remote && remote.Owns(engine))
        {
            remote.ReportSuccess();
        }
    }

    private async Task<IInferenceEngine?> LocalEngineAsync(CancellationToken cancellationToken) =>
        (await CurrentStateAsync(cancellationToken).ConfigureAwait(false)).Engine;

    /// <summary>A one-line description of the model state, for logs and status.</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        if (_remote is { Problem: { } remoteProblem, Options.Mode: BackendMode.RemoteOnly })
        {
            return remoteProblem;
        }

        var state = await CurrentStateAsync(cancellationToken).ConfigureAwait(false);
        return state.Engine is { } engine ? $"{engine.Model.Name} ({engine.Model.Path})" : state.Problem ?? "no model";
    }

    private Task<ModelState> CurrentStateAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _state.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Which model file the settings lead to, and from where: --model, the editor's setting, CODEPILOT_MODEL, the model cache.</summary>
    internal static (string? Path, string Source) Resolve(ServerOptions options, ServerSettings settings)
    {
        if (options.CommandLineModel is { } fromCli)
        {
            return (fromCli, "--model");
        }

        if (settings.ModelPath is { } fromSettings)
        {
            return (fromSettings, "the editor setting 'model'");
        }

        if (options.EnvironmentModel is { } fromEnvironment)
        {
            return (fromEnvironment, "CODEPILOT_MODEL");
        }

        return options.SearchUserCache && ModelLocator.FindBest(ModelLocator.UserModelDirectory) is { } found
            ? (found.Path, $"the model cache {ModelLocator.UserModelDirectory}")
            : (null, "nowhere");
    }

    private async Task<ModelState> LoadAsync(Task<ModelState> previous, string? path, string source, InferenceOptions inference)
    {
        var old = await previous.ConfigureAwait(false);
        if (old.Engine is not null)
        {
            await old.Engine.DisposeAsync().ConfigureAwait(false);
        }

        if (source == "remote-only")
        {
            return new ModelState(null, null, "No local model: the remote backend answers alone (remote-only).");
        }

        if (path is null)
        {
            var problem = $"CodePilot has no model: pass --model PATH, set the editor setting 'model' or CODEPILOT_MODEL, or put a GGUF code model (e.g. Qwen2.5-Coder-1.5B q8_0) in {ModelLocator.UserModelDirectory}.";
            return Fail(path, problem);
        }

        try
        {
            logger.LogInformation("Loading model {Path} (from {Source})", path, source);
            var engine = await loader(path, inference, CancellationToken.None).ConfigureAwait(false);
            if (engine.Model.CompletionBlocker is { } blocker)
            {
                notifier.Show(MessageType.Warning, blocker);
            }
            else
            {
                notifier.Log(MessageType.Info, $"CodePilot model: {engine.Model.Name} ({engine.Model.FimTemplate!.Name} FIM template) from {source}.");
            }

            if (ModelLocator.IsRandomTestModel(engine.Model))
            {
                notifier.Show(MessageType.Warning, $"The model {engine.Model.Name} has random weights: its suggestions are noise and only show that the pipeline works.");
            }

            return new ModelState(engine, path, null);
        }
        catch (ModelLoadException e)
        {
            return Fail(path, $"CodePilot could not load the model from {source}: {e.Message}");
        }
    }

    private ModelState Fail(string? path, string problem)
    {
        logger.LogError("{Problem}", problem);
        notifier.Show(MessageType.Error, problem);
        return new ModelState(null, path, problem);
    }

    public async ValueTask DisposeAsync()
    {
        if (_remote is { } remote)
        {
            await remote.DisposeAsync().ConfigureAwait(false);
        }

        var state = await _state.ConfigureAwait(false);
        if (state.Engine is not null)
        {
            await state.Engine.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record ModelState(IInferenceEngine? Engine, string? Path, string? Problem);
}
