using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;
using StreamJsonRpc;

namespace CodePilotLocal.Server.Handlers.Context;

/// <summary>
/// codepilot/context: the exact prompt a completion at a position would send, and where each repository
/// snippet in it came from. A document outside the workspace is refused (InvalidParams).
/// </summary>
[LspMethod(Methods.CodePilotContext)]
internal sealed class ContextHandler(DocumentStore documents, CompletionService completions) : IRequestHandler<CompletionParams, ContextResult>
{
    public async Task<ContextResult> HandleAsync(CompletionParams request, CancellationToken cancellationToken)
    {
        var document = documents.Get(request.TextDocument.Uri);
        var offset = document.Text.ToOffset(request.Position.ToLinePosition());
        var preview = await completions.PreviewAsync(document.Uri, document.Text.Text, offset, cancellationToken).ConfigureAwait(false)
            ?? throw new LocalRpcException("No model can complete yet, so there is no prompt to show: configure 'model'.") { ErrorCode = ErrorCodes.RequestFailed };
        return preview.ToResult();
    }
}
