using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Hosting;

namespace CodePilotLocal.Server.Handlers.Lifecycle;

[LspMethod(Methods.Initialized)]
internal sealed class InitializedHandler : INotificationHandler<EmptyParams>
{
    public Task HandleAsync(EmptyParams notification, CancellationToken cancellationToken) => Task.CompletedTask;
}
