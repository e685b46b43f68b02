using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Lifecycle;

/// <summary>The client is ready for server requests: indexing starts now, so that its progress can be shown.</summary>
[LspMethod(Methods.Initialized)]
internal sealed class InitializedHandler(ContextService contexts) : INotificationHandler<EmptyParams>
{
    public Task HandleAsync(EmptyParams notification, CancellationToken cancellationToken)
    {
        _ = contexts.StartIndexing();
        return Task.CompletedTask;
    }
}
