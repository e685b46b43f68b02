using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.DocumentChanges;

[LspMethod(Methods.TextDocumentDidClose)]
internal sealed class DidCloseHandler(DocumentStore documents, CompletionService completions) : INotificationHandler<DidCloseTextDocumentParams>
{
    public Task HandleAsync(DidCloseTextDocumentParams notification, CancellationToken cancellationToken)
    {
        completions.DocumentChanged(notification.TextDocument.Uri);
        documents.Close(notification.TextDocument.Uri);
        return Task.CompletedTask;
    }
}
