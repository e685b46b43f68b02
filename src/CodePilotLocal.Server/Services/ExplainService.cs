using System.Text;
using CodePilotLocal.Core.Chat;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Inference;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// Explains a selection with the chat model: the selected code, the declarations it uses (Roslyn) and
/// the commits that wrote its lines (git blame) go into the prompt; the Markdown streams out as it is
/// generated, and a cancellation stops it before the next token.
/// </summary>
internal sealed class ExplainService(ChatModelService chat, ContextService contexts, WorkspaceState workspace, ILogger<ExplainService> logger)
{
    /// <summary>Tokens of declarations in an explain prompt at most.</summary>
    public const int DeclarationTokens = 1024;

    public static readonly TimeSpan TimeBudget = TimeSpan.FromMinutes(2);

    /// <param name="onText">Called with the Markdown written so far, after each piece.</param>
    /// <exception cref="ArgumentException">The range is empty.</exception>
    /// <exception cref="PositionOutOfRangeException">The range is outside the document.</exception>
    /// <exception cref="ChatModelUnavailableException">No model can chat.</exception>
    /// <exception cref="ChatTemplateMissingException">The model has no chat template.</exception>
    public async Task<(string Markdown, string Model, string? StopReason)> ExplainAsync(
        Uri document, TextSnapshot text, LinePosition start, LinePosition end, Action<string>? onText, CancellationToken cancellationToken)
    {
        var (from, to) = (text.ToOffset(start), text.ToOffset(end));
        if (to <= from || string.IsNullOrWhiteSpace(text.Text[from..to]))
        {
            throw new ArgumentException("Select the code to explain: the range is empty.");
        }

        var engine = await chat.GetEngineAsync(cancellationToken).ConfigureAwait(false);
        var messages = await Task.Run(() => Messages(document, text.Text, from, to, start.Line + 1, end.Character == 0 && end.Line > start.Line ? end.Line : end.Line + 1, engine, cancellationToken), cancellationToken).ConfigureAwait(false);
        var prompt = engine.ChatPrompt(messages);
        var statistics = new GenerationStatistics();
        var request = new GenerationRequest(prompt, workspace.Settings.ExplainMaxTokens, TimeBudget, [], statistics) { Conversation = messages };
        var markdown = new StringBuilder();
        await foreach (var piece in engine.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            markdown.Append(piece);
            onText?.Invoke(markdown.ToString());
        }

        logger.LogInformation("Explained {Uri} lines {First}-{Last}: prompt {Prompt} tokens, {Generated} generated ({Stop})",
            document, start.Line + 1, end.Line + 1, statistics.PromptTokens, statistics.GeneratedTokens, statistics.StopReason);
        return (markdown.ToString().Trim(), engine.Model.Name, statistics.StopReason);
    }

    private IReadOnlyList<ChatMessage> Messages(Uri document, string text, int from, int to, int firstLine, int lastLine, ITokenCounter counter, CancellationToken cancellationToken)
    {
        var path = document.IsFile ? document.LocalPath : document.ToString();
        IReadOnlyList<ContextSnippet> declarations = [];
        IReadOnlyList<LineHistory> history = [];
        if (document.IsFile && contexts.Index is { } index)
        {
            try
            {
                path = index.Scanner.RelativeOf(document.LocalPath);
                declarations = contexts.DeclarationsUsedIn(path, text, from, to, DeclarationTokens, counter, cancellationToken);
                history = index.HistoryOf(path, firstLine, lastLine).Select(c => new LineHistory(c.Sha, c.When, c.Message)).ToList();
            }
            catch (PathOutsideWorkspaceException)
            {
                // A file outside the workspace is explained on its own text.
            }
        }

        return ExplainPrompt.Build(path, Languages.For(path), firstLine, lastLine, text[from..to], declarations, history);
    }
}
