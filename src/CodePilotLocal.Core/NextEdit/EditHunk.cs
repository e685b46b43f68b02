namespace CodePilotLocal.Core.NextEdit;

/// <summary>
/// One change the user made to a file, as whole lines: <paramref name="Original"/> (the lines before, joined
/// by '\n', empty for a pure insertion) became <paramref name="Updated"/>, starting at 0-based line
/// <paramref name="StartLine"/> of the text before the change.
/// </summary>
public sealed record EditHunk(string Path, int StartLine, string Original, string Updated);
