using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.DocumentChanges;

[LspMethod(Methods.TextDocumentDidChange)]
internal sealed class DidChangeHandler(DocumentStore documents, CompletionService completions, ContextService contexts, NextEditService nextEdits)
    : INotificationHandler<DidChangeTextDocumentParams>
{
    public Task HandleAsync(DidChangeTextDocumentParams notification, CancellationToken cancellationToken)
    {
        var uri = notification.TextDocument.Uri;
        completions.DocumentChanged(uri);
        var before = documents.TryGet(uri)?.Text.Text;
        var document = documents.Change(uri, notification.TextDocument.Version, notification.ContentChanges.Select(c => c.ToDocumentChange()).ToList());
        contexts.FileEdited(uri, document.Text.Text);
        if (before is not null)
        {
            nextEdits.DocumentChanged(uri, before, document.Text.Text);
        }

        return Task.CompletedTask;
    }
}
