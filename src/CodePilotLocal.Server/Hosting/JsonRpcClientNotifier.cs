using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Services;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace CodePilotLocal.Server.Hosting;

/// <summary>Sends window/showMessage and window/logMessage once the connection exists; logs them too.</summary>
internal sealed class JsonRpcClientNotifier(ILogger<JsonRpcClientNotifier> logger) : IClientNotifier
{
    private JsonRpc? _rpc;

    public void Attach(JsonRpc rpc) => _rpc = rpc;

    public void Show(MessageType type, string message) => Send(Methods.WindowShowMessage, type, message);

    public void Log(MessageType type, string message) => Send(Methods.WindowLogMessage, type, message);

    private void Send(string method, MessageType type, string message)
    {
        logger.LogDebug("{Method} ({Type}): {Message}", method, type, message);
        if (_rpc is not { IsDisposed: false } rpc)
        {
            return;
        }

        _ = rpc.NotifyWithParameterObjectAsync(method, new ShowMessageParams((int)type, message)).ContinueWith(
            t => logger.LogDebug("Could not send {Method}: {Error}", method, t.Exception?.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
