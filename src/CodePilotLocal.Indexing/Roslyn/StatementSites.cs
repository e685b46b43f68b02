using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>Where a statement could be held out for evaluation: expression, declaration, return and throw statements that name something.</summary>
public static class StatementSites
{
    /// <returns>Start and end offsets of each statement, in file order.</returns>
    public static IEnumerable<(int Start, int End)> In(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes()
            .OfType<StatementSyntax>()
            .Where(s => s is ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax { Expression: not null } or ThrowStatementSyntax { Expression: not null })
            .Where(s => !s.ContainsDiagnostics && s.DescendantNodes().OfType<IdentifierNameSyntax>().Any())
            .Select(s => (s.SpanStart, s.Span.End));
}
