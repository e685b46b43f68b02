using CodePilotLocal.Core.NextEdit;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>The rule fixes follow, for next edits in C#: a suggestion whose edits add a compile error to the file is dropped.</summary>
public static class NextEditCheck
{
    public static NextEditOutcome Checked(NextEditOutcome outcome, CSharpSemantics semantics, string path, string text, CancellationToken cancellationToken = default)
    {
        if (outcome.Edits.Count == 0)
        {
            return outcome;
        }

        var check = CompileCheck.Of(semantics, path, text, OffsetEdit.Apply(text, outcome.Edits), cancellationToken);
        return check.AddsNoErrors ? outcome : NextEditOutcome.None($"it would add compile errors: {string.Join("; ", check.Added.Take(3))}");
    }
}
