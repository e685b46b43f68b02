namespace CodePilotLocal.Core.Context;

/// <summary>What the repository context of a prompt is chosen for.</summary>
public enum ContextScope
{
    /// <summary>Anew at every cursor place: the declarations and code that the lines around the cursor use (the default).</summary>
    Place,

    /// <summary>
    /// Three quarters chosen once for the whole file (what the file uses anywhere), first in every prompt of that file, and
    /// the rest for the place: a jump within the file evaluates the place's part and the window, not the whole context.
    /// </summary>
    File,
}
