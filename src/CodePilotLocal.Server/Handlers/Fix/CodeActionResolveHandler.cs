using System.Text.Json;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Fix;

/// <summary>
/// codeAction/resolve: runs the fix for a "Fix with CodePilot" action. The action comes back with an
/// edit only when a candidate passed the compile check; otherwise it is disabled with the reason, which
/// is also shown to the user. An action offered for an older version of the document is refused.
/// </summary>
[LspMethod(Methods.CodeActionResolve)]
internal sealed class CodeActionResolveHandler(DocumentStore documents, FixService fixes, IClientNotifier notifier) : IRequestHandler<CodeAction, CodeAction>
{
    public async Task<CodeAction> HandleAsync(CodeAction request, CancellationToken cancellationToken)
    {
        var data = request.Data?.Deserialize<FixActionData>(ProtocolJson.Options)
            ?? throw new ArgumentException("This code action carries no data: it was not offered by CodePilot.");
        var document = documents.Get(data.Uri);
        if (document.Version != data.Version)
        {
            throw new ArgumentException($"The document changed since the action was offered (version {data.Version}, now {document.Version}); ask for code actions again.");
        }

        var outcome = await fixes.FixAsync(document.Uri, document.Text, data.Range.Start.ToLinePosition(), data.Range.End.ToLinePosition(), null, cancellationToken).ConfigureAwait(false);
        var result = outcome.ToProtocol(document.Uri);
        if (result.Edit is null)
        {
            notifier.Show(MessageType.Warning, "CodePilot: " + outcome.Message);
            return request with { Disabled = new CodeActionDisabled(outcome.Message) };
        }

        return request with { Edit = result.Edit };
    }
}
