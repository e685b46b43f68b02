namespace CodePilotLocal.Server.Hosting;

/// <summary>
/// Serves one LSP notification. Notifications run one at a time in arrival order up to their first
/// await, so document changes apply in the order the editor sent them.
/// </summary>
internal interface INotificationHandler<in TParams>
{
    Task HandleAsync(TParams notification, CancellationToken cancellationToken);
}
