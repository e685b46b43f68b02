using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.DocumentChanges;

/// <summary>
/// The open document already holds the saved text; the index reads the file again from disk. A save of
/// a document that is not open is an error the client hears about.
/// </summary>
[LspMethod(Methods.TextDocumentDidSave)]
internal sealed class DidSaveHandler(DocumentStore documents, ContextService contexts) : INotificationHandler<DidSaveTextDocumentParams>
{
    public Task HandleAsync(DidSaveTextDocumentParams notification, CancellationToken cancellationToken)
    {
        documents.Get(notification.TextDocument.Uri);
        contexts.FileChangedOnDisk(notification.TextDocument.Uri);
        return Task.CompletedTask;
    }
}
