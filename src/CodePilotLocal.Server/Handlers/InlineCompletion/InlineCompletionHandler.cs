using System.Diagnostics;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.InlineCompletion;

/// <summary>
/// LSP 3.18 textDocument/inlineCompletion: ghost text at the cursor; where the completion model has none, the next edit
/// on the cursor's line (when a next-edit model is set), as an item whose range replaces text on that line.
/// </summary>
[LspMethod(Methods.TextDocumentInlineCompletion)]
internal sealed class InlineCompletionHandler(DocumentStore documents, CompletionService completions, NextEditService nextEdits, UsageRecorder usage)
    : IRequestHandler<InlineCompletionParams, InlineCompletionList>
{
    public async Task<InlineCompletionList> HandleAsync(InlineCompletionParams request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var document = documents.Get(request.TextDocument.Uri);
        var position = request.Position.ToLinePosition();
        var result = await completions.CompleteAsync(document, position, cancellationToken).ConfigureAwait(false);
        if (result is null && nextEdits.AnswersInlineCompletion)
        {
            var suggestion = await nextEdits.SuggestAsync(document, position, cancellationToken).ConfigureAwait(false);
            return suggestion.ToInlineCompletionList(document.Text, position);
        }

        return result.ToInlineCompletionList(document.Uri, result is null ? null : usage.Served(result, document, clock.Elapsed));
    }
}
