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
    private readonly OwnedEngine _own = new(loader, "explain", logger);

    /// <exception cref="ChatModelUnavailableException">No model, or one that cannot be loaded.</exception>
    public async Task<IInferenceEngine> GetEngineAsync(CancellationToken cancellationToken)
    {
        var path = options.CommandLineExplainModel ?? workspace.Settings.ExplainModelPath;
        if (path is null)
        {
            return await completionModels.GetEngineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new ChatModelUnavailableException(await completionModels.DescribeAsync(cancellationToken).ConfigureAwait(false));
        }

        try
        {
            return await _own.GetAsync(path, workspace.Settings.Inference, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelLoadException e)
        {
            throw new ChatModelUnavailableException($"The explain model {path} could not be loaded: {e.Message}");
        }
    }

    public ValueTask DisposeAsync() => _own.DisposeAsync();
}
