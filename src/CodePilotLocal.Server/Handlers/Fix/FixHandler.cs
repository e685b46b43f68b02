using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Fix;

/// <summary>codepilot/fix: the compile-checked edit for a range (its errors, or the instruction), or why there is none. The client applies the edit.</summary>
[LspMethod(Methods.CodePilotFix)]
internal sealed class FixHandler(DocumentStore documents, FixService fixes) : IRequestHandler<FixParams, FixResult>
{
    public async Task<FixResult> HandleAsync(FixParams request, CancellationToken cancellationToken)
    {
        var document = documents.Get(request.TextDocument.Uri);
        var outcome = await fixes.FixAsync(
            document.Uri, document.Text, request.Range.Start.ToLinePosition(), request.Range.End.ToLinePosition(), request.Instruction, cancellationToken).ConfigureAwait(false);
        return outcome.ToProtocol(document.Uri);
    }
}
