using System.Text.Json;
using CodePilotLocal.Core.Chat;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Fix;

/// <summary>
/// textDocument/codeAction: "Fix with CodePilot" where Roslyn reports errors in the requested lines
/// (the file's own compilation, not the client's diagnostics). Cheap to offer: the model runs only on
/// codeAction/resolve. Errors are computed once per document version, and only once the workspace is
/// indexed (before, types not yet compiled would show as errors).
/// </summary>
[LspMethod(Methods.TextDocumentCodeAction)]
internal sealed class CodeActionHandler(DocumentStore documents, ContextService contexts) : IRequestHandler<CodeActionParams, IReadOnlyList<CodeAction>>
{
    public const string Title = "Fix with CodePilot";

    private volatile Checked? _last;

    public Task<IReadOnlyList<CodeAction>> HandleAsync(CodeActionParams request, CancellationToken cancellationToken)
    {
        var document = documents.Get(request.TextDocument.Uri);
        if (!document.Uri.IsFile || Languages.For(document.Uri.LocalPath) != Languages.CSharp || !contexts.IsIndexed || contexts.Index is not { } index)
        {
            return Task.FromResult<IReadOnlyList<CodeAction>>([]);
        }

        IReadOnlyList<CodeError> errors;
        if (_last is { } last && last.Uri == document.Uri && last.Version == document.Version)
        {
            errors = last.Errors;
        }
        else
        {
            try
            {
                errors = index.CSharp.ErrorsOf(index.Scanner.RelativeOf(document.Uri.LocalPath), document.Text.Text, cancellationToken);
            }
            catch (PathOutsideWorkspaceException)
            {
                return Task.FromResult<IReadOnlyList<CodeAction>>([]);
            }

            _last = new Checked(document.Uri, document.Version, errors);
        }

        var (first, lastLine) = (request.Range.Start.Line + 1, request.Range.End.Line + 1);
        var here = errors.Where(e => e.Line >= first && e.Line <= lastLine).ToList();
        if (here.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<CodeAction>>([]);
        }

        var lines = new Protocol.Range(new Position(here.Min(e => e.Line) - 1, 0), new Position(here.Max(e => e.Line) - 1, 0));
        var action = new CodeAction
        {
            Title = Title,
            Kind = "quickfix",
            Diagnostics = here.Select(e => new Diagnostic(new Protocol.Range(new Position(e.Line - 1, 0), new Position(e.Line - 1, 0)), e.Message, 1, e.Id, "roslyn")).ToList(),
            Data = JsonSerializer.SerializeToElement(new FixActionData(document.Uri, document.Version, lines), ProtocolJson.Options),
        };
        return Task.FromResult<IReadOnlyList<CodeAction>>([action]);
    }

    private sealed record Checked(Uri Uri, int Version, IReadOnlyList<CodeError> Errors);
}
