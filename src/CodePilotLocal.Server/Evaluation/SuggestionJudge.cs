using CodePilotLocal.Core.Chat;
using CodePilotLocal.Indexing.Roslyn;

namespace CodePilotLocal.Server.Evaluation;

/// <summary>Judges a suggestion inserted at the held-out site: does each member access name a member that exists, does it add compiler errors.</summary>
internal sealed class SuggestionJudge(CSharpSemantics semantics, string path, string before, int offset)
{
    private static readonly string[] MemberCodes = ["CS1061", "CS0117", "CS0234"];
    private IReadOnlyList<CodeError>? _errorsBefore;

    /// <returns>Null for no suggestion (nothing to judge).</returns>
    public bool? NamesExistingMembers(string? suggestion)
    {
        if (string.IsNullOrWhiteSpace(suggestion))
        {
            return null;
        }

        var inserted = before[..offset] + suggestion + before[offset..];
        var end = offset + suggestion.Length;
        // A name the suggestion ends in may be unfinished (a time budget or the line's end cut it); it is not judged.
        return !MissingNames.In(semantics.ModelAt(path, inserted, offset), offset, end, strict: true)
            .Any(m => MemberCodes.Contains(m.Code) && m.Offset + m.Name.Length < end);
    }

    /// <returns>Null for no suggestion.</returns>
    public bool? AddsNoError(string? suggestion)
    {
        if (string.IsNullOrWhiteSpace(suggestion))
        {
            return null;
        }

        _errorsBefore ??= semantics.ErrorsOf(path, before);
        return new CompileCheck(_errorsBefore, semantics.ErrorsOf(path, before[..offset] + suggestion + before[offset..])).Added.Count == 0;
    }
}
