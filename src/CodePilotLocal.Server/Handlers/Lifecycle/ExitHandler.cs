using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Hosting;

namespace CodePilotLocal.Server.Handlers.Lifecycle;

[LspMethod(Methods.Exit)]
internal sealed class ExitHandler(ServerLifecycle lifecycle) : INotificationHandler<EmptyParams>
{
    public Task HandleAsync(EmptyParams notification, CancellationToken cancellationToken)
    {
        lifecycle.Exit();
        return Task.CompletedTask;
    }
}
