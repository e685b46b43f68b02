namespace CodePilotLocal.Core.Benchmarking;

/// <summary>The document after one user action, and where the cursor is; each step asks for a suggestion.</summary>
public sealed record EditStep(EditKind Kind, string Text, int CursorOffset);

public enum EditKind
{
    /// <summary>The cursor moved to a new line; the rest of that line is to be written.</summary>
    MoveCursor,

    /// <summary>One character typed.</summary>
    Type,

    /// <summary>Several characters inserted at once, as when a suggestion is accepted.</summary>
    Accept,
}
