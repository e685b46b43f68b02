using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;

namespace CodePilotLocal.Server.Handlers.DocumentChanges;

/// <summary>
/// The open document already holds the saved text; a save of a document that is not open is an error
/// the client hears about. (The repository index, when there is one, re-indexes on save.)
/// </summary>
[LspMethod(Methods.TextDocumentDidSave)]
internal sealed class DidSaveHandler(DocumentStore documents) : INotificationHandler<DidSaveTextDocumentParams>
{
    public Task HandleAsync(DidSaveTextDocumentParams notification, CancellationToken cancellationToken)
    {
        documents.Get(notification.TextDocument.Uri);
        return Task.CompletedTask;
    }
}
