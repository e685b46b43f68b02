using System.Text.Json;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Commands;

/// <summary>
/// workspace/executeCommand. <c>codepilot.acceptedSuggestion</c> arrives after the editor inserted a
/// suggestion: the next suggestion, at the end of the inserted text, is computed at once so that the
/// editor's next request finds it ready.
/// </summary>
[LspMethod(Methods.WorkspaceExecuteCommand)]
internal sealed class ExecuteCommandHandler(DocumentStore documents, CompletionService completions)
    : IRequestHandler<ExecuteCommandParams, object?>
{
    public Task<object?> HandleAsync(ExecuteCommandParams request, CancellationToken cancellationToken)
    {
        if (request.Command != Protocol.Commands.AcceptedSuggestion)
        {
            throw new ArgumentException($"Unknown command '{request.Command}'; this server runs {Protocol.Commands.AcceptedSuggestion}.");
        }

        var accepted = request.Arguments is [var argument, ..]
            ? argument.Deserialize<AcceptedSuggestion>(ProtocolJson.Options)
            : null;
        if (accepted?.Uri is null || accepted.Position is null || accepted.Text is null)
        {
            throw new ArgumentException($"{Protocol.Commands.AcceptedSuggestion} needs one argument {{uri, position, text}}.");
        }

        var document = documents.Get(accepted.Uri);
        completions.Prefetch(document, accepted.Position.ToLinePosition().After(accepted.Text));
        return Task.FromResult<object?>(null);
    }
}
