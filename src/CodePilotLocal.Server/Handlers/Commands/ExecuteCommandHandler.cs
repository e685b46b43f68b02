using System.Text.Json;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Handlers.Explain;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Commands;

/// <summary>
/// workspace/executeCommand. <c>codepilot.acceptedSuggestion</c> arrives after the editor inserted a
/// suggestion: the next suggestion, at the end of the inserted text, is computed at once so that the
/// editor's next request finds it ready, and the usage statistics count the inserted text as accepted
/// (checked for what is left of it later). <c>codepilot.explain</c> is codepilot/explain as a command.
/// </summary>
[LspMethod(Methods.WorkspaceExecuteCommand)]
internal sealed class ExecuteCommandHandler(DocumentStore documents, CompletionService completions, ExplainService explanations, IClientNotifier notifier, UsageRecorder usage)
    : IRequestHandler<ExecuteCommandParams, object?>
{
    public async Task<object?> HandleAsync(ExecuteCommandParams request, CancellationToken cancellationToken)
    {
        switch (request.Command)
        {
            case Protocol.Commands.AcceptedSuggestion:
                Accepted(request);
                return null;
            case Protocol.Commands.Explain:
                var target = request.Arguments is [var argument, ..] ? argument.Deserialize<ExplainParams>(ProtocolJson.Options) : null;
                return target is null
                    ? throw new ArgumentException($"{Protocol.Commands.Explain} needs one argument {{textDocument: {{uri}}, range}}.")
                    : await ExplainHandler.ExplainAsync(target with { WorkDoneToken = request.WorkDoneToken }, documents, explanations, notifier, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentException($"Unknown command '{request.Command}'; this server runs {Protocol.Commands.AcceptedSuggestion} and {Protocol.Commands.Explain}.");
        }
    }

    private void Accepted(ExecuteCommandParams request)
    {
        var accepted = request.Arguments is [var argument, ..]
            ? argument.Deserialize<AcceptedSuggestion>(ProtocolJson.Options)
            : null;
        if (accepted?.Uri is null || accepted.Position is null || accepted.Text is null)
        {
            throw new ArgumentException($"{Protocol.Commands.AcceptedSuggestion} needs one argument {{uri, position, text}}.");
        }

        var document = documents.Get(accepted.Uri);
        var position = accepted.Position.ToLinePosition();
        if (accepted.Id is { Length: > 0 } id)
        {
            usage.Inserted(id, document.Uri, document.Text.Text, document.Text.ToOffset(position), accepted.Text);
        }

        completions.Prefetch(document, position.After(accepted.Text));
    }
}
