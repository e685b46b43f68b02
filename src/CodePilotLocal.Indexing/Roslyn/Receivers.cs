using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>The receiver of a member access, found from its dot or from the member's name.</summary>
internal static class Receivers
{
    /// <summary>What stands before <paramref name="dot"/>: <c>expr.</c>, <c>expr?.</c> or <c>Namespace.</c>; null where the dot is no member access.</summary>
    public static ExpressionSyntax? BeforeDot(SyntaxToken dot) => dot.Parent switch
    {
        MemberAccessExpressionSyntax access when access.OperatorToken == dot && access.IsKind(SyntaxKind.SimpleMemberAccessExpression) => access.Expression,
        MemberBindingExpressionSyntax binding => OfConditional(binding),
        QualifiedNameSyntax name when name.DotToken == dot => name.Left,
        _ => null,
    };

    /// <summary>What <paramref name="name"/> is a member of; null for a name that stands alone.</summary>
    public static ExpressionSyntax? Of(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access when access.Name == name => access.Expression,
        MemberBindingExpressionSyntax binding => OfConditional(binding),
        QualifiedNameSyntax qualified when qualified.Right == name => qualified.Left,
        _ => null,
    };

    /// <summary>The type whose members follow: after <c>?.</c> on a nullable value type, the value type.</summary>
    public static ITypeSymbol MemberContainer(ITypeSymbol type, bool conditional) =>
        conditional && type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;

    private static ExpressionSyntax? OfConditional(MemberBindingExpressionSyntax binding) =>
        binding.Ancestors().OfType<ConditionalAccessExpressionSyntax>().FirstOrDefault(c => c.WhenNotNull.Span.Contains(binding.Span))?.Expression;
}
