using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Completion;

/// <summary>textDocument/completion: the same suggestion as one completion item, for clients without inline support.</summary>
[LspMethod(Methods.TextDocumentCompletion)]
internal sealed class CompletionHandler(DocumentStore documents, CompletionService completions)
    : IRequestHandler<CompletionParams, CompletionList>
{
    public async Task<CompletionList> HandleAsync(CompletionParams request, CancellationToken cancellationToken)
    {
        var document = documents.Get(request.TextDocument.Uri);
        var result = await completions.CompleteAsync(document, request.Position.ToLinePosition(), cancellationToken).ConfigureAwait(false);
        return result.ToCompletionList(document.Text);
    }
}
