using System.Diagnostics;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Explain;

/// <summary>
/// codepilot/explain: Markdown about a range. With a workDoneToken the text streams as $/progress
/// reports, each carrying the Markdown written so far (a client can render the latest one and lose
/// nothing if it skips some); the response carries it whole. $/cancelRequest stops it mid-stream.
/// </summary>
[LspMethod(Methods.CodePilotExplain)]
internal sealed class ExplainHandler(DocumentStore documents, ExplainService explanations, IClientNotifier notifier) : IRequestHandler<ExplainParams, ExplainResult>
{
    /// <summary>Reports closer together than this are merged.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(50);

    public Task<ExplainResult> HandleAsync(ExplainParams request, CancellationToken cancellationToken) =>
        ExplainAsync(request, documents, explanations, notifier, cancellationToken);

    /// <summary>Shared with the codepilot.explain command.</summary>
    public static async Task<ExplainResult> ExplainAsync(
        ExplainParams request, DocumentStore documents, ExplainService explanations, IClientNotifier notifier, CancellationToken cancellationToken)
    {
        var document = documents.Get(request.TextDocument.Uri);
        var progress = request.WorkDoneToken is { } token ? notifier.ProgressOn(token, "CodePilot: explaining") : null;
        var sinceReport = Stopwatch.StartNew();
        var outcome = "cancelled";
        try
        {
            var (markdown, model, stopReason) = await explanations.ExplainAsync(
                document.Uri, document.Text, request.Range.Start.ToLinePosition(), request.Range.End.ToLinePosition(),
                text =>
                {
                    if (sinceReport.Elapsed >= ReportInterval)
                    {
                        progress?.Report(text, null);
                        sinceReport.Restart();
                    }
                },
                cancellationToken).ConfigureAwait(false);
            progress?.Report(markdown, null);
            outcome = "done";
            return new ExplainResult(markdown, model, stopReason);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = e.Message;
            throw;
        }
        finally
        {
            progress?.End(outcome);
        }
    }
}
