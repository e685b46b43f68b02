using System.Reflection;
using System.Text.Json;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Lifecycle;

[LspMethod(Methods.Initialize)]
internal sealed class InitializeHandler(WorkspaceState workspace, ModelService models, ServerLifecycle lifecycle, JsonRpcClientNotifier notifier, UsageRecorder usage)
    : IRequestHandler<InitializeParams, InitializeResult>
{
    public Task<InitializeResult> HandleAsync(InitializeParams request, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        workspace.Settings = SettingsReader.Apply(workspace.Settings, request.InitializationOptions, problems);
        problems.ForEach(p => notifier.Show(MessageType.Warning, p));
        var root = request.WorkspaceFolders?.FirstOrDefault()?.Uri ?? request.RootUri;
        workspace.RootPath = root is { IsFile: true } ? root.LocalPath : null;
        notifier.ClientShowsProgress = request.Capabilities is { ValueKind: JsonValueKind.Object } capabilities
            && capabilities.TryGetProperty("window", out var window) && window.ValueKind == JsonValueKind.Object
            && window.TryGetProperty("workDoneProgress", out var progress) && progress.ValueKind == JsonValueKind.True;
        usage.ClientName = string.IsNullOrWhiteSpace(request.ClientInfo?.Name) ? "unknown" : request.ClientInfo.Name;
        models.Configure(workspace.Settings);
        lifecycle.MarkInitialized();

        var version = typeof(InitializeHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        return Task.FromResult(new InitializeResult(new ServerCapabilities(), new ServerInfo("codepilot", version.Split('+')[0])));
    }
}
