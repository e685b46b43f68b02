using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Prewarm;

/// <summary>
/// codepilot/prewarm: the editor tells the server where the cursor went (LSP has no such event), and
/// the prompt there is evaluated in the background. A notification: it never delays the next message.
/// </summary>
[LspMethod(Methods.CodePilotPrewarm)]
internal sealed class PrewarmHandler(DocumentStore documents, CompletionService completions) : INotificationHandler<CompletionParams>
{
    public Task HandleAsync(CompletionParams notification, CancellationToken cancellationToken)
    {
        var document = documents.Get(notification.TextDocument.Uri);
        var position = notification.Position.ToLinePosition();
        document.Text.ToOffset(position); // a bad position is reported now, not lost in the background
        _ = completions.PrewarmAsync(document, position);
        return Task.CompletedTask;
    }
}
