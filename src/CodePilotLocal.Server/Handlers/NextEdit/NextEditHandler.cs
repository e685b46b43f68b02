using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;
using Range = CodePilotLocal.Protocol.Range;

namespace CodePilotLocal.Server.Handlers.NextEdit;

/// <summary>codepilot/nextEdit: the edit the user is likely to make next, near the cursor or away from it.</summary>
[LspMethod(Methods.CodePilotNextEdit)]
internal sealed class NextEditHandler(DocumentStore documents, NextEditService nextEdits) : IRequestHandler<CompletionParams, NextEditResult>
{
    public async Task<NextEditResult> HandleAsync(CompletionParams request, CancellationToken cancellationToken)
    {
        var document = documents.Get(request.TextDocument.Uri);
        var suggestion = await nextEdits.SuggestAsync(document, request.Position.ToLinePosition(), cancellationToken).ConfigureAwait(false);
        return new NextEditResult(
            suggestion.Id,
            suggestion.Model,
            suggestion.Format,
            suggestion.Edits.Select(e => new TextEdit(new Range(e.Start.ToProtocol(), e.End.ToProtocol()), e.NewText)).ToList(),
            suggestion.Dropped);
    }
}
