using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>Where a member name can be held out for evaluation: right after the dot of a member access in a method body, to the end of its line.</summary>
public static class MemberAccessSites
{
    /// <returns>The offset after each dot and the end of its line, in file order.</returns>
    public static IEnumerable<(int Start, int End)> In(SyntaxTree tree)
    {
        var text = tree.GetText();
        return tree.GetRoot().DescendantNodes()
            .OfType<MemberAccessExpressionSyntax>()
            .Where(m => m.IsKind(SyntaxKind.SimpleMemberAccessExpression) && !m.ContainsDiagnostics
                && m.Ancestors().Any(a => a is BlockSyntax or ArrowExpressionClauseSyntax))
            .Select(m => (m.OperatorToken.Span.End, text.Lines.GetLineFromPosition(m.OperatorToken.Span.End).End));
    }
}
