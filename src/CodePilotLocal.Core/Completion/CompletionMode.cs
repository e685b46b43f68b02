namespace CodePilotLocal.Core.Completion;

public enum CompletionMode
{
    /// <summary>Finish the current line only: the cursor sits inside code that continues on its line.</summary>
    SingleLine,

    /// <summary>Write a block: the cursor is on an empty line or just opened a block.</summary>
    MultiLine,
}
