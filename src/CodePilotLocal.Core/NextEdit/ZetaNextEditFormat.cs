using System.Text;
using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Core.NextEdit;

/// <summary>
/// Zed's Zeta (Qwen2.5-Coder-7B based; the format of its model card and training data): an instruction, the
/// user's edits as unified-diff hunks, and an excerpt of the file in which <c>&lt;|editable_region_start|&gt;</c> /
/// <c>&lt;|editable_region_end|&gt;</c> mark the window and <c>&lt;|user_cursor_is_here|&gt;</c> the cursor; the answer
/// repeats the excerpt with the window rewritten. The format has no place for other files, so repository
/// context is left out.
/// </summary>
public sealed class ZetaNextEditFormat : INextEditFormat
{
    public const string RegionStart = "<|editable_region_start|>";
    public const string RegionEnd = "<|editable_region_end|>";
    public const string Cursor = "<|user_cursor_is_here|>";
    public const string StartOfFile = "<|start_of_file|>";

    /// <summary>Lines of context shown above and below the window inside the excerpt.</summary>
    public const int ExcerptContextLines = 20;

    private const string Instruction =
        "You are a code completion assistant and your task is to analyze user edits and then rewrite an excerpt that the user provides, "
        + "suggesting the appropriate edits within the excerpt, taking into account the cursor location.";

    public string Name => "zeta";

    public IReadOnlyList<string> StopStrings { get; } = [RegionEnd, "<|endoftext|>", "<|im_end|>"];

    public NextEditPrompt Build(NextEditInput input, IVocabularyLookup vocabulary)
    {
        var window = EditableWindow.Around(input.Text, input.CursorOffset);
        var above = EditableWindow.Lines(input.Text, window.StartLine - ExcerptContextLines, window.StartLine);
        var below = EditableWindow.Lines(input.Text, window.EndLine, window.EndLine + ExcerptContextLines);
        var cursor = window.CursorInWindow(input.CursorOffset);
        var prompt = new NextEditPromptWriter(vocabulary);
        prompt.Text($"### Instruction:\n{Instruction}\n\n### User Edits:\n\n");
        foreach (var hunk in input.RecentEdits)
        {
            prompt.Redacted($"User edited \"{hunk.Path}\":\n```diff\n{UnifiedHunk(hunk)}```\n\n");
        }

        prompt.Redacted($"### User Excerpt:\n\n```{input.Path}\n");
        if (above.StartLine == 0)
        {
            prompt.Marker(StartOfFile).Text("\n");
        }

        if (above.EndLine > above.StartLine)
        {
            prompt.Redacted(above.Text + "\n");
        }

        prompt.Marker(RegionStart).Text("\n" + window.Text[..cursor]).Marker(Cursor).Text(window.Text[cursor..] + "\n").Marker(RegionEnd).Text("\n");
        if (below.EndLine > below.StartLine)
        {
            prompt.Redacted(below.Text + "\n");
        }

        prompt.Text("```\n\n### Response:\n");
        return new NextEditPrompt(prompt.Parts, window, "", Name);
    }

    public string? ParseWindow(NextEditPrompt prompt, string output, bool stopped)
    {
        var start = output.IndexOf(RegionStart, StringComparison.Ordinal);
        if (!stopped || start < 0 || output.IndexOf(RegionStart, start + 1, StringComparison.Ordinal) >= 0)
        {
            return null; // no window, two windows, or cut short before its end
        }

        var window = output[(start + RegionStart.Length)..];
        var end = window.IndexOf(RegionEnd, StringComparison.Ordinal);
        window = (end >= 0 ? window[..end] : window).Replace(Cursor, "", StringComparison.Ordinal);
        if (window.StartsWith('\n'))
        {
            window = window[1..];
        }

        return window.EndsWith('\n') ? window[..^1] : window;
    }

    /// <summary>One hunk as unified diff lines (no context lines; line numbers 1-based, as diff writes them).</summary>
    public static string UnifiedHunk(EditHunk hunk)
    {
        var removed = hunk.Original.Length == 0 ? [] : LineDiff.Lines(hunk.Original);
        var added = hunk.Updated.Length == 0 ? [] : LineDiff.Lines(hunk.Updated);
        var text = new StringBuilder($"@@ -{hunk.StartLine + 1},{removed.Length} +{hunk.StartLine + 1},{added.Length} @@\n");
        foreach (var line in removed)
        {
            text.Append('-').Append(line).Append('\n');
        }

        foreach (var line in added)
        {
            text.Append('+').Append(line).Append('\n');
        }

        return text.ToString();
    }
}
