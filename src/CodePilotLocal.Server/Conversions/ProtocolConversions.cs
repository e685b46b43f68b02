using CodePilotLocal.Core.Text;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Documents;
using CodePilotLocal.Server.Services;
using Range = CodePilotLocal.Protocol.Range;

namespace CodePilotLocal.Server.Conversions;

/// <summary>Maps protocol types to core types and back; the only place that knows both.</summary>
internal static class ProtocolConversions
{
    public static LinePosition ToLinePosition(this Position position) => new(position.Line, position.Character);

    public static Position ToProtocol(this LinePosition position) => new(position.Line, position.Character);

    public static DocumentChange ToDocumentChange(this TextDocumentContentChangeEvent change) =>
        new(change.Range?.Start.ToLinePosition(), change.Range?.End.ToLinePosition(), change.Text);

    /// <param name="id">The suggestion's id, for the client's usage events (in the accept command's argument).</param>
    public static InlineCompletionList ToInlineCompletionList(this CompletionResult? result, Uri document, string? id)
    {
        if (result is null)
        {
            return new InlineCompletionList([]);
        }

        var at = result.Position.ToProtocol();
        var accepted = new Command("CodePilot: suggestion accepted", Commands.AcceptedSuggestion, [new AcceptedSuggestion(document, at, result.Text, id)]);
        return new InlineCompletionList([new InlineCompletionItem { InsertText = result.Text, Range = new Range(at, at), Command = accepted }]);
    }

    /// <summary>The part of a next edit on the cursor's line as one inline item whose range holds the cursor; none when no edit lies there.</summary>
    public static InlineCompletionList ToInlineCompletionList(this NextEditSuggestion suggestion, TextSnapshot text, LinePosition cursor)
    {
        var edits = suggestion.Edits.Select(e => new Core.NextEdit.OffsetEdit(text.ToOffset(e.Start), text.ToOffset(e.End), e.NewText)).ToList();
        if (Core.NextEdit.CursorLineEdit.From(text.Text, text.ToOffset(cursor), edits) is not { } edit)
        {
            return new InlineCompletionList([]);
        }

        var range = new Range(text.ToPosition(edit.Start).ToProtocol(), text.ToPosition(edit.End).ToProtocol());
        return new InlineCompletionList([new InlineCompletionItem { InsertText = edit.NewText, Range = range }]);
    }

    /// <summary>Where the cursor is after <paramref name="text"/> was inserted at <paramref name="position"/>.</summary>
    public static LinePosition After(this LinePosition position, string text)
    {
        var lastBreak = text.LastIndexOf('\n');
        return lastBreak < 0
            ? position with { Character = position.Character + text.Length }
            : new LinePosition(position.Line + text.Count(c => c == '\n'), text.Length - lastBreak - 1);
    }

    /// <summary>
    /// A completion item that replaces the word being typed with word + suggestion, so that clients which
    /// filter items by the word before the cursor keep it.
    /// </summary>
    public static CompletionList ToCompletionList(this CompletionResult? result, TextSnapshot text)
    {
        if (result is null)
        {
            return new CompletionList(false, []);
        }

        var line = text.GetLineText(result.Position.Line);
        var end = Math.Min(result.Position.Character, line.Length);
        var start = end;
        while (start > 0 && (char.IsLetterOrDigit(line[start - 1]) || line[start - 1] == '_'))
        {
            start--;
        }

        var word = line[start..end];
        var firstLine = result.Text.Split('\n')[0].Trim();
        var label = firstLine.Length > 0 ? firstLine : result.Text.Trim().Split('\n')[0];
        var range = new Range(new Position(result.Position.Line, start), result.Position.ToProtocol());
        return new CompletionList(true,
        [
            new CompletionItem
            {
                Label = word + (label.Length > 80 ? label[..80] + "…" : label),
                Detail = $"CodePilot ({result.ModelName})",
                FilterText = word + result.Text,
                TextEdit = new TextEdit(range, word + result.Text),
            },
        ]);
    }

    public static ContextResult ToProtocol(this PromptPreview preview)
    {
        var chosen = preview.Repository?.Selection.Snippets ?? [];
        return new ContextResult(
            preview.Prompt,
            chosen.Select(c => new ContextSnippetInfo(c.Snippet.Path, c.Snippet.StartLine, c.Snippet.EndLine, c.Snippet.Reason.ToProtocol(), c.Snippet.Label, c.Tokens)).ToList(),
            preview.Repository?.Selection.Tokens ?? 0,
            preview.Repository?.Candidates.Count ?? 0,
            preview.Repository?.Elapsed.TotalMilliseconds ?? 0);
    }

    public static string ToProtocol(this Core.Context.SnippetReason reason) => reason switch
    {
        Core.Context.SnippetReason.Semantic => "semantic",
        Core.Context.SnippetReason.CoChange => "co-change",
        Core.Context.SnippetReason.Diff => "diff",
        _ => "similar",
    };

    public static FixResult ToProtocol(this FixOutcome outcome, Uri document) => new(
        outcome.Replacement is { } replacement
            ? new WorkspaceEdit(new Dictionary<string, IReadOnlyList<TextEdit>>
            {
                [document.AbsoluteUri] = [new TextEdit(new Range(outcome.Start.ToProtocol(), outcome.End.ToProtocol()), replacement)],
            })
            : null,
        outcome.Message,
        outcome.Attempts.Select(a => new FixAttemptInfo(a.Accepted, a.Verdict)).ToList());
}
