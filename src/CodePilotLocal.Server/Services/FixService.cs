using System.Text;
using CodePilotLocal.Core.Chat;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Indexing;
using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Inference;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>One model answer and what became of it.</summary>
public sealed record FixAttempt(string? Code, bool Accepted, string Verdict);

/// <summary>
/// The outcome of a fix: the replacement for whole lines when a candidate passed the compile check, else
/// null and why not. <paramref name="Start"/>..<paramref name="End"/> cover the replaced lines.
/// </summary>
public sealed record FixOutcome(string? Replacement, LinePosition Start, LinePosition End, IReadOnlyList<FixAttempt> Attempts, string Message);

/// <summary>
/// Fixes whole lines of a C# file with the chat model (a range is widened to its whole lines; a cursor
/// means its line). Each answer's code block replaces the lines in
/// an in-memory copy, and Roslyn decides: a fix must leave fewer errors (a rewrite by instruction: no
/// more), and may add no parse errors. A rejected answer goes back to the model with the reason, up to
/// <see cref="MaxAttempts"/> times; only a checked candidate is ever returned as an edit.
/// </summary>
internal sealed class FixService(ChatModelService chat, ContextService contexts, WorkspaceState workspace, ILogger<FixService> logger)
{
    public const int MaxAttempts = 3;

    public const int DeclarationTokens = 768;

    public static readonly TimeSpan TimeBudget = TimeSpan.FromMinutes(1);

    /// <param name="instruction">What to change; null to fix the compiler errors in the lines.</param>
    /// <exception cref="ArgumentException">Not a C# file of the workspace, an empty range, or nothing to fix.</exception>
    /// <exception cref="PositionOutOfRangeException">The range is outside the document.</exception>
    public async Task<FixOutcome> FixAsync(Uri document, TextSnapshot text, LinePosition start, LinePosition end, string? instruction, CancellationToken cancellationToken)
    {
        var (from, to) = (text.ToOffset(start), text.ToOffset(end));
        if (to < from)
        {
            throw new ArgumentException("The range ends before it starts.");
        }

        if (!document.IsFile || Languages.For(document.LocalPath) != Languages.CSharp)
        {
            throw new ArgumentException("Fix works on C# files (each candidate is checked with Roslyn); explain works on any file.");
        }

        if (contexts.Index is not { } index)
        {
            throw new ArgumentException("Fix needs the document's workspace folder (its compilation checks the candidates).");
        }

        var path = index.Scanner.RelativeOf(document.LocalPath);
        var (firstLine, lastLine) = (start.Line, end.Character == 0 && end.Line > start.Line ? end.Line - 1 : end.Line);
        var lineStart = text.ToOffset(new LinePosition(firstLine, 0));
        var lineEnd = lastLine + 1 < text.LineCount ? text.ToOffset(new LinePosition(lastLine + 1, 0)) : text.Text.Length;
        var original = text.Text[lineStart..lineEnd];
        if (string.IsNullOrWhiteSpace(original))
        {
            throw new ArgumentException("Select the code to fix: the range is empty.");
        }

        var before = await Task.Run(() => index.CSharp.ErrorsOf(path, text.Text, cancellationToken), cancellationToken).ConfigureAwait(false);
        var errorsHere = before.Where(e => e.Line >= firstLine + 1 && e.Line <= lastLine + 1).ToList();
        var range = (Start: new LinePosition(firstLine, 0), End: lastLine + 1 < text.LineCount ? new LinePosition(lastLine + 1, 0) : text.ToPosition(text.Text.Length));
        if (errorsHere.Count == 0 && string.IsNullOrWhiteSpace(instruction))
        {
            return new FixOutcome(null, range.Start, range.End, [], $"Roslyn reports no errors in lines {firstLine + 1}-{lastLine + 1}; say what to change to rewrite them.");
        }

        var engine = await chat.GetEngineAsync(cancellationToken).ConfigureAwait(false);
        var declarations = contexts.DeclarationsUsedIn(path, text.Text, lineStart, lineEnd, DeclarationTokens, engine, cancellationToken);
        var conversation = FixPrompt.Build(path, Languages.CSharp, firstLine + 1, lastLine + 1, original, errorsHere, instruction, declarations);
        var attempts = new List<FixAttempt>();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var reply = await AskAsync(engine, conversation, cancellationToken).ConfigureAwait(false);
            var code = FixPrompt.ExtractCode(reply);
            if (code is null)
            {
                attempts.Add(new FixAttempt(null, false, "the answer had no code block"));
                FixPrompt.Reject(conversation, reply, "the answer had no fenced code block.");
                continue;
            }

            var replacement = code.TrimEnd('\n') + (original.EndsWith('\n') ? "\n" : "");
            var candidate = text.Text[..lineStart] + replacement + text.Text[lineEnd..];
            var check = CompileCheck.Of(index.CSharp, path, text.Text, candidate, cancellationToken);
            var passed = instruction is null ? check.ReducesErrors : check.AddsNoErrors;
            if (passed && replacement != original)
            {
                attempts.Add(new FixAttempt(replacement, true, $"errors {check.Before.Count} → {check.After.Count}"));
                logger.LogInformation("Fix for {Path}:{First}-{Last} accepted at attempt {Attempt}", path, firstLine + 1, lastLine + 1, attempt + 1);
                return new FixOutcome(replacement, range.Start, range.End, attempts, $"Checked with Roslyn: errors in the file {check.Before.Count} → {check.After.Count}.");
            }

            var reason = replacement == original ? "it changes nothing."
                : $"the file would have {check.After.Count} errors (it has {check.Before.Count} now): {string.Join("; ", (check.Added.Count > 0 ? check.Added : check.After).Take(5))}.";
            attempts.Add(new FixAttempt(replacement, false, reason));
            FixPrompt.Reject(conversation, reply, reason);
        }

        return new FixOutcome(null, range.Start, range.End, attempts,
            $"No candidate passed the compile check ({attempts.Count} tried): {string.Join(" | ", attempts.Select(a => a.Verdict))}. Nothing was changed.");
    }

    private async Task<string> AskAsync(IInferenceEngine engine, IReadOnlyList<ChatMessage> conversation, CancellationToken cancellationToken)
    {
        var request = new GenerationRequest(engine.ChatPrompt(conversation), workspace.Settings.ExplainMaxTokens, TimeBudget, [], new GenerationStatistics())
        {
            Conversation = [.. conversation],
        };
        var reply = new StringBuilder();
        await foreach (var piece in engine.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            reply.Append(piece);
        }

        return reply.ToString();
    }
}
