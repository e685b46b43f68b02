using System.Diagnostics;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.InlineCompletion;

/// <summary>LSP 3.18 textDocument/inlineCompletion: ghost text at the cursor.</summary>
[LspMethod(Methods.TextDocumentInlineCompletion)]
internal sealed class InlineCompletionHandler(DocumentStore documents, CompletionService completions, UsageRecorder usage)
    : IRequestHandler<InlineCompletionParams, InlineCompletionList>
{
    public async Task<InlineCompletionList> HandleAsync(InlineCompletionParams request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var document = documents.Get(request.TextDocument.Uri);
        var result = await completions.CompleteAsync(document, request.Position.ToLinePosition(), cancellationToken).ConfigureAwait(false);
        return result.ToInlineCompletionList(document.Uri, result is null ? null : usage.Served(result, document, clock.Elapsed));
    }
}
