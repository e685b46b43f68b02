using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;

namespace CodePilotLocal.Server.Handlers.DocumentChanges;

[LspMethod(Methods.TextDocumentDidOpen)]
internal sealed class DidOpenHandler(DocumentStore documents) : INotificationHandler<DidOpenTextDocumentParams>
{
    public Task HandleAsync(DidOpenTextDocumentParams notification, CancellationToken cancellationToken)
    {
        var item = notification.TextDocument;
        documents.Open(item.Uri, item.LanguageId, item.Version, item.Text);
        return Task.CompletedTask;
    }
}
