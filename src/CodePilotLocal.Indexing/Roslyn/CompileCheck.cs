using CodePilotLocal.Core.Chat;
using Microsoft.CodeAnalysis;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>
/// Whether a candidate edit is better than the code it replaces, by Roslyn's errors (syntax and semantic)
/// in the whole file within the workspace compilation: a fix must remove errors; a rewrite asked for by
/// an instruction must not add any. Neither may add parse errors: broken syntax hides semantic errors,
/// so fewer errors in total would not mean better code.
/// </summary>
public sealed record CompileCheck(IReadOnlyList<CodeError> Before, IReadOnlyList<CodeError> After)
{
    public bool ReducesErrors => After.Count < Before.Count && AddsNoSyntaxErrors;

    public bool AddsNoErrors => After.Count <= Before.Count && AddsNoSyntaxErrors;

    private bool AddsNoSyntaxErrors => After.Count(e => e.Syntax) <= Before.Count(e => e.Syntax);

    /// <summary>The candidate's errors that the original did not have.</summary>
    public IReadOnlyList<CodeError> Added => After.Where(a => !Before.Any(b => b.Id == a.Id && b.Message == a.Message)).ToList();

    public static CompileCheck Of(CSharpSemantics semantics, string path, string before, string after, CancellationToken cancellationToken = default) =>
        new(semantics.ErrorsOf(path, before, cancellationToken), semantics.ErrorsOf(path, after, cancellationToken));

    public static CodeError ToCodeError(Diagnostic diagnostic, bool syntax) =>
        new(diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1, diagnostic.Id, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), syntax);
}
