using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Hosting;

namespace CodePilotLocal.Server.Handlers.Lifecycle;

[LspMethod(Methods.Shutdown)]
internal sealed class ShutdownHandler(ServerLifecycle lifecycle) : IRequestHandler<EmptyParams, object?>
{
    public Task<object?> HandleAsync(EmptyParams request, CancellationToken cancellationToken)
    {
        lifecycle.MarkShutdown();
        return Task.FromResult<object?>(null);
    }
}
