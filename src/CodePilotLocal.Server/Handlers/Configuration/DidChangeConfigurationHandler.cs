using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Configuration;

[LspMethod(Methods.WorkspaceDidChangeConfiguration)]
internal sealed class DidChangeConfigurationHandler(WorkspaceState workspace, ModelService models, IClientNotifier notifier)
    : INotificationHandler<DidChangeConfigurationParams>
{
    public Task HandleAsync(DidChangeConfigurationParams notification, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        workspace.Settings = SettingsReader.Apply(workspace.Settings, notification.Settings, problems);
        problems.ForEach(p => notifier.Show(MessageType.Warning, p));
        models.Configure(workspace.Settings);
        return Task.CompletedTask;
    }
}
