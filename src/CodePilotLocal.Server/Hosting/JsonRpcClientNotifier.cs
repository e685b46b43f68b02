using System.Text.Json;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Services;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace CodePilotLocal.Server.Hosting;

/// <summary>Sends window/showMessage, window/logMessage and $/progress once the connection exists; logs them too.</summary>
internal sealed class JsonRpcClientNotifier(ILogger<JsonRpcClientNotifier> logger) : IClientNotifier
{
    private JsonRpc? _rpc;
    private int _progressTokens;

    public void Attach(JsonRpc rpc) => _rpc = rpc;

    /// <summary>The client said (capabilities.window.workDoneProgress) that it shows server-initiated progress.</summary>
    public bool ClientShowsProgress { get; set; }

    public void Show(MessageType type, string message) => Send(Methods.WindowShowMessage, new ShowMessageParams((int)type, message), message);

    public void Log(MessageType type, string message) => Send(Methods.WindowLogMessage, new ShowMessageParams((int)type, message), message);

    public async Task<IProgressReporter> BeginProgressAsync(string title)
    {
        if (!ClientShowsProgress || _rpc is not { IsDisposed: false } rpc)
        {
            return new LoggedProgress(this, title);
        }

        var token = $"codepilot/{Interlocked.Increment(ref _progressTokens)}";
        try
        {
            await rpc.InvokeWithParameterObjectAsync(Methods.WindowWorkDoneProgressCreate, new WorkDoneProgressCreateParams(token)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            logger.LogDebug("The client refused a progress token: {Error}", e.Message);
            return new LoggedProgress(this, title);
        }

        return ProgressOn(JsonSerializer.SerializeToElement(token), title);
    }

    public IProgressReporter ProgressOn(JsonElement token, string title)
    {
        var progress = new ClientProgress(this, token);
        progress.Send(new WorkDoneProgressValue("begin", Title: title, Percentage: 0));
        return progress;
    }

    private void Send(string method, object parameters, string description)
    {
        logger.LogDebug("{Method}: {Description}", method, description);
        if (_rpc is not { IsDisposed: false } rpc)
        {
            return;
        }

        _ = rpc.NotifyWithParameterObjectAsync(method, parameters).ContinueWith(
            t => logger.LogDebug("Could not send {Method}: {Error}", method, t.Exception?.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private sealed class ClientProgress(JsonRpcClientNotifier notifier, JsonElement token) : IProgressReporter
    {
        public void Report(string message, int? percentage) => Send(new WorkDoneProgressValue("report", Message: message, Percentage: percentage is { } p ? Math.Clamp(p, 0, 100) : null));

        public void End(string message) => Send(new WorkDoneProgressValue("end", Message: message));

        public void Send(WorkDoneProgressValue value) => notifier.Send(Methods.Progress, new ProgressParams(token, value), $"{value.Kind} {value.Title ?? value.Message}");
    }

    /// <summary>For clients without progress support: the start and the end go to window/logMessage.</summary>
    private sealed class LoggedProgress : IProgressReporter
    {
        private readonly JsonRpcClientNotifier _notifier;

        public LoggedProgress(JsonRpcClientNotifier notifier, string title)
        {
            _notifier = notifier;
            notifier.Log(MessageType.Log, title + "…");
        }

        public void Report(string message, int? percentage)
        {
        }

        public void End(string message) => _notifier.Log(MessageType.Info, message);
    }
}
