using Microsoft.CodeAnalysis;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>The editor's text, parsed, with a model that binds it where <see cref="Covers"/> says so.</summary>
/// <param name="Root">The root of the editor's text.</param>
/// <param name="Model">Binds nodes of <see cref="Root"/> that <see cref="Covers"/> accepts.</param>
/// <param name="Covers">Whether <see cref="Model"/> can bind a node (a speculative model binds only the edited body).</param>
/// <param name="ScopeModel">Answers scope questions (names and extension methods in scope) at <see cref="ScopePosition"/>.</param>
/// <param name="ScopePosition">Where <see cref="ScopeModel"/> is asked; null: at the node's own position.</param>
public sealed record EditedModel(SyntaxNode Root, SemanticModel Model, Func<SyntaxNode, bool> Covers, SemanticModel ScopeModel, int? ScopePosition)
{
    public Compilation Compilation => Model.Compilation;

    public int ScopePositionFor(SyntaxNode node) => ScopePosition ?? node.SpanStart;

    public INamedTypeSymbol? EnclosingType(SyntaxNode node)
    {
        var symbol = ScopeModel.GetEnclosingSymbol(Math.Clamp(ScopePositionFor(node), 0, ScopeModel.SyntaxTree.Length));
        return symbol as INamedTypeSymbol ?? symbol?.ContainingType;
    }
}
