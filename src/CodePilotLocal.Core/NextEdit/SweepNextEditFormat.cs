using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Core.NextEdit;

/// <summary>
/// Sweep's next-edit models (Qwen2.5-Coder based; the format of their model card): <c>&lt;|file_sep|&gt;</c> blocks —
/// the file around the cursor, repository context, the recent edits as <c>original:</c>/<c>updated:</c> pairs — then
/// the window before the last edit (<c>original/</c>), as it is now with <c>&lt;|cursor|&gt;</c> (<c>current/</c>), and
/// <c>updated/</c>, which the model completes. The window's lines above the cursor's are given as the start of the
/// answer (prefill), as the card's example does when changes above the cursor are not wanted.
/// </summary>
public sealed class SweepNextEditFormat : INextEditFormat
{
    public const string FileSeparator = "<|file_sep|>";
    public const string Cursor = "<|cursor|>";

    /// <summary>
    /// Lines of the file shown above and below the window in the first block. Sweep's card shows ~300 lines; on a CPU
    /// each line costs prompt time at every new place, so fewer (the window itself is in the prompt three times anyway).
    /// </summary>
    public const int FileContextLines = 40;

    public string Name => "sweep";

    public IReadOnlyList<string> StopStrings { get; } = [FileSeparator, "<|endoftext|>", "<|im_end|>"];

    public NextEditPrompt Build(NextEditInput input, IVocabularyLookup vocabulary)
    {
        var window = EditableWindow.Around(input.Text, input.CursorOffset);
        var range = $"{input.Path}:{window.StartLine + 1}:{window.EndLine}";
        var prompt = new NextEditPromptWriter(vocabulary);
        var file = EditableWindow.Lines(input.Text, window.StartLine - FileContextLines, window.EndLine + FileContextLines);
        prompt.Marker(FileSeparator).Redacted($"{input.Path}\n{file.Text}\n");
        foreach (var snippet in input.Context)
        {
            prompt.Marker(FileSeparator).Redacted($"{snippet.Path}\n{snippet.Text.TrimEnd('\n')}\n");
        }

        foreach (var hunk in input.RecentEdits)
        {
            prompt.Marker(FileSeparator).Redacted($"{hunk.Path}.diff\noriginal:\n{hunk.Original}\nupdated:\n{hunk.Updated}\n");
        }

        prompt.Marker(FileSeparator).Redacted($"original/{range}\n{OriginalWindow(input, window)}\n");
        var cursor = window.CursorInWindow(input.CursorOffset);
        prompt.Marker(FileSeparator).Text($"current/{range}\n{window.Text[..cursor]}").Marker(Cursor).Text($"{window.Text[cursor..]}\n");
        var lineStart = cursor == 0 ? 0 : window.Text.LastIndexOf('\n', cursor - 1) + 1;
        var prefill = window.Text[..lineStart];
        prompt.Marker(FileSeparator).Text($"updated/{range}\n{prefill}");
        return new NextEditPrompt(prompt.Parts, window, prefill, Name);
    }

    public string? ParseWindow(NextEditPrompt prompt, string output, bool stopped)
    {
        if (!stopped || output.Contains(Cursor, StringComparison.Ordinal))
        {
            return null; // cut short (the rest of the window would read as deleted), or it echoed the marker
        }

        var updated = prompt.Prefill + output;
        return updated.EndsWith('\n') ? updated[..^1] : updated;
    }

    /// <summary>The window's lines as they were before the user's current burst of edits (the same lines, mapped back).</summary>
    private static string OriginalWindow(NextEditInput input, EditableWindow window)
    {
        if (input.TextBeforeLastEdit is not { } before)
        {
            return window.Text;
        }

        var start = LineDiff.ToBefore(before, input.Text, window.StartLine);
        var end = LineDiff.ToBefore(before, input.Text, window.EndLine);
        return EditableWindow.Lines(before, start, Math.Max(start, end)).Text;
    }
}
