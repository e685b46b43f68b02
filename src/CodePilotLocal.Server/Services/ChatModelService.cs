using CodePilotLocal.Inference;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// The model that explains and fixes: --explain-model, else the editor's 'explainModel', loaded beside
/// the completion model; else the completion model itself, which must then have a chat template.
/// </summary>
internal sealed class ChatModelService(ServerOptions options, WorkspaceState workspace, ModelService completionModels, EngineLoader loader, ILogger<ChatModelService> logger)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Path, IInferenceEngine Engine)? _own;

    /// <exception cref="ChatModelUnavailableException">No model, or one that cannot be loaded.</exception>
    public async Task<IInferenceEngine> GetEngineAsync(CancellationToken cancellationToken)
    {
        var path = options.CommandLineExplainModel ?? workspace.Settings.ExplainModelPath;
        if (path is null)
        {
            return await completionModels.GetEngineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new ChatModelUnavailableException(await completionModels.DescribeAsync(cancellationToken).ConfigureAwait(false));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_own is { } own && own.Path == path)
            {
                return own.Engine;
            }

            if (_own is { } previous)
            {
                await previous.Engine.DisposeAsync().ConfigureAwait(false);
                _own = null;
            }

            logger.LogInformation("Loading the explain model {Path}", path);
            var engine = await loader(path, workspace.Settings.Inference, cancellationToken).ConfigureAwait(false);
            _own = (path, engine);
            return engine;
        }
        catch (ModelLoadException e)
        {
            throw new ChatModelUnavailableException($"The explain model {path} could not be loaded: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_own is { } own)
        {
            await own.Engine.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
