using CodePilotLocal.Inference;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// A model of the server's own beside the completion model (the explain model, the next-edit model): loaded
/// on first use, kept while the same file is asked for, replaced (the old one disposed) when another is.
/// </summary>
internal sealed class OwnedEngine(EngineLoader loader, string role, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Path, IInferenceEngine Engine)? _own;

    /// <exception cref="ModelLoadException">The file cannot be loaded.</exception>
    public async Task<IInferenceEngine> GetAsync(string path, InferenceOptions inference, CancellationToken cancellationToken)
    {
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

            logger.LogInformation("Loading the {Role} model {Path}", role, path);
            var engine = await loader(path, inference, cancellationToken).ConfigureAwait(false);
            _own = (path, engine);
            return engine;
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
    }
}
