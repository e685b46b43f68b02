using System.Text.Json;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Remote;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Services;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace CodePilotLocal.Server.Hosting;

/// <summary>
/// Runs every handler call: enforces the lifecycle (nothing but initialize before initialize, nothing but
/// exit after shutdown), and turns exceptions into the right JSON-RPC errors. Notifications cannot answer,
/// so their failures go to the log and to the client as window/logMessage.
/// </summary>
internal sealed class LspDispatcher(ServerLifecycle lifecycle, IClientNotifier notifier, ILogger<LspDispatcher> logger)
{
    public async Task<TResult> InvokeRequestAsync<TParams, TResult>(
        string method, IRequestHandler<TParams, TResult> handler, JsonElement? request, CancellationToken cancellationToken)
    {
        if (lifecycle.State == LifecycleState.Created && method != Methods.Initialize)
        {
            throw Error(ErrorCodes.ServerNotInitialized, $"The server is not initialized: send initialize before {method}.");
        }

        if (lifecycle.State != LifecycleState.Created && method == Methods.Initialize)
        {
            throw Error(ErrorCodes.InvalidRequest, "initialize may be sent only once.");
        }

        if (lifecycle.State == LifecycleState.ShutDown)
        {
            throw Error(ErrorCodes.InvalidRequest, $"The server is shutting down: {method} is not served after shutdown.");
        }

        var parameters = Deserialize<TParams>(method, request);
        try
        {
            return await handler.HandleAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // StreamJsonRpc answers RequestCancelled (-32800) only for its own token, not a linked one.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception e) when (e is PositionOutOfRangeException or DocumentNotOpenException or ArgumentException or PathOutsideWorkspaceException or JsonException)
        {
            throw Error(ErrorCodes.InvalidParams, e.Message);
        }
        catch (Exception e) when (e is PromptTooLongException or ChatTemplateMissingException or ChatModelUnavailableException or RemoteBackendException)
        {
            throw Error(ErrorCodes.RequestFailed, e.Message);
        }
        catch (Exception e) when (e is not LocalRpcException)
        {
            logger.LogError(e, "{Method} failed", method);
            throw Error(ErrorCodes.InternalError, $"{method} failed: {e.Message}");
        }
    }

    public async Task InvokeNotificationAsync<TParams>(
        string method, INotificationHandler<TParams> handler, JsonElement? notification, CancellationToken cancellationToken)
    {
        if (lifecycle.State == LifecycleState.Created && method != Methods.Exit)
        {
            logger.LogWarning("Dropped {Method}: it arrived before initialize", method);
            return;
        }

        try
        {
            await handler.HandleAsync(Deserialize<TParams>(method, notification), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var level = e is DocumentNotOpenException or PositionOutOfRangeException or LocalRpcException ? LogLevel.Warning : LogLevel.Error;
            logger.Log(level, e, "{Method} failed", method);
            notifier.Log(level == LogLevel.Error ? MessageType.Error : MessageType.Warning, $"{method} was ignored: {e.Message}");
        }
    }

    private static TParams Deserialize<TParams>(string method, JsonElement? json)
    {
        if (typeof(TParams) == typeof(EmptyParams))
        {
            return (TParams)(object)new EmptyParams();
        }

        if (json is not { ValueKind: JsonValueKind.Object } value)
        {
            throw Error(ErrorCodes.InvalidParams, $"{method} needs a params object.");
        }

        try
        {
            return value.Deserialize<TParams>(ProtocolJson.Options)
                ?? throw Error(ErrorCodes.InvalidParams, $"{method} needs a params object.");
        }
        catch (JsonException e)
        {
            throw Error(ErrorCodes.InvalidParams, $"Invalid params for {method}: {e.Message}");
        }
    }

    private static LocalRpcException Error(int code, string message) => new(message) { ErrorCode = code };
}
