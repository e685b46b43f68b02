using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Workspace;

/// <summary>Files created, changed or deleted outside the editor (a checkout, a generator): each is re-indexed or dropped.</summary>
[LspMethod(Methods.WorkspaceDidChangeWatchedFiles)]
internal sealed class DidChangeWatchedFilesHandler(ContextService contexts) : INotificationHandler<DidChangeWatchedFilesParams>
{
    public Task HandleAsync(DidChangeWatchedFilesParams notification, CancellationToken cancellationToken)
    {
        foreach (var change in notification.Changes)
        {
            contexts.FileChangedOnDisk(change.Uri);
        }

        return Task.CompletedTask;
    }
}
