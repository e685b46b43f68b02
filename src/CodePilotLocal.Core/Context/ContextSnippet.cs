namespace CodePilotLocal.Core.Context;

/// <summary>A piece of another file offered to the prompt.</summary>
/// <param name="Path">Workspace-relative path with '/' separators.</param>
/// <param name="StartLine">First line, 1-based.</param>
/// <param name="EndLine">Last line, 1-based, inclusive.</param>
/// <param name="Score">Higher is more relevant; comparable within one request.</param>
/// <param name="Label">What the snippet is, for people reading the prompt (a symbol name, a commit).</param>
public sealed record ContextSnippet(string Path, int StartLine, int EndLine, string Text, SnippetReason Reason, double Score, string? Label = null)
{
    public bool Overlaps(ContextSnippet other) =>
        Path == other.Path && StartLine <= other.EndLine && other.StartLine <= EndLine;

    /// <summary>The same text from the same place for the same reason; scores of different requests do not compare.</summary>
    public bool SameContentAs(ContextSnippet other) =>
        Reason == other.Reason && Path == other.Path && StartLine == other.StartLine && EndLine == other.EndLine && Text == other.Text;
}
