using CodePilotLocal.Core.Guidance;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>
/// The members that may follow a member access's dot, as Roslyn's own recommender chooses them: a type
/// name offers its static members and nested types, a value its instance members and the extension
/// methods in scope, a namespace its types and namespaces; only what is accessible from the code there.
/// No answer (no guard) where the dot is not a member access (a number, a string, a comment, a range)
/// or the receiver does not bind (unknown or error type, dynamic, void, pointers).
/// </summary>
public static class MemberLookup
{
    /// <param name="offset">The offset just after the dot.</param>
    public static MemberSite? AfterDot(EditedModel edited, int offset, CancellationToken cancellationToken = default)
    {
        if (offset < 1 || offset > edited.Root.FullSpan.End)
        {
            return null;
        }

        var dot = edited.Root.FindToken(offset - 1);
        if (!dot.IsKind(SyntaxKind.DotToken) || dot.SpanStart != offset - 1)
        {
            return null;
        }

        var receiver = Receivers.BeforeDot(dot);
        if (receiver is null || !edited.Covers(receiver))
        {
            return null;
        }

        var names = Members(edited, receiver, dot.Parent!, cancellationToken);
        return names is null ? null : new MemberSite(receiver.ToString(), names);
    }

    private static IReadOnlyList<string>? Members(EditedModel edited, ExpressionSyntax receiver, SyntaxNode access, CancellationToken cancellationToken)
    {
        var model = edited.Model;
        var info = model.GetSymbolInfo(receiver, cancellationToken);
        var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
        if (symbol is IAliasSymbol alias)
        {
            symbol = alias.Target;
        }

        var position = edited.ScopePositionFor(receiver);
        var within = (ISymbol?)edited.EnclosingType(receiver) ?? edited.Compilation.Assembly;
        IEnumerable<ISymbol> found;
        switch (symbol)
        {
            case INamespaceSymbol ns:
                found = edited.ScopeModel.LookupNamespacesAndTypes(position, ns);
                return Names(found.Where(s => s is INamespaceSymbol || edited.Compilation.IsSymbolAccessibleWithin(s, within)));
            case ITypeSymbol type when receiver is not (ThisExpressionSyntax or BaseExpressionSyntax) && IsTypeName(model, receiver, cancellationToken):
                if (type.TypeKind is TypeKind.Error or TypeKind.Dynamic)
                {
                    return null;
                }

                found = edited.ScopeModel.LookupSymbols(position, type).Where(s => s.IsStatic || s is INamedTypeSymbol);
                return Names(found.Where(s => Accessible(edited.Compilation, s, within, throughType: null)));
        }

        var valueType = model.GetTypeInfo(receiver, cancellationToken).Type is { } bound ? Receivers.MemberContainer(bound, conditional: access is MemberBindingExpressionSyntax) : null;
        if (valueType is null || valueType.TypeKind is TypeKind.Error or TypeKind.Dynamic or TypeKind.Pointer or TypeKind.FunctionPointer
            || valueType.SpecialType == SpecialType.System_Void || ContainsErrors(valueType))
        {
            return null;
        }

        var through = receiver is ThisExpressionSyntax or BaseExpressionSyntax ? null : valueType;
        found = edited.ScopeModel.LookupSymbols(position, valueType, includeReducedExtensionMethods: true)
            .Where(s => !s.IsStatic && s is not INamedTypeSymbol || s is IMethodSymbol { MethodKind: MethodKind.ReducedExtension });
        return Names(found.Where(s => Accessible(edited.Compilation, s, within, through)));
    }

    /// <summary>Whether the receiver names a type (static access) rather than a value that happens to be of a type with the same name.</summary>
    private static bool IsTypeName(SemanticModel model, ExpressionSyntax receiver, CancellationToken cancellationToken) =>
        receiver is PredefinedTypeSyntax or GenericNameSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax
        || model.GetSymbolInfo(receiver, cancellationToken).Symbol is ITypeSymbol;

    private static bool Accessible(Compilation compilation, ISymbol symbol, ISymbol within, ITypeSymbol? throughType)
    {
        var declared = symbol is IMethodSymbol { ReducedFrom: { } extension } ? extension : symbol;
        return within is INamedTypeSymbol type
            ? compilation.IsSymbolAccessibleWithin(declared, type, declared.IsStatic ? null : throughType)
            : compilation.IsSymbolAccessibleWithin(declared, (IAssemblySymbol)within);
    }

    private static bool ContainsErrors(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => true,
        IArrayTypeSymbol array => ContainsErrors(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrors),
        _ => false,
    };

    private static IReadOnlyList<string> Names(IEnumerable<ISymbol> symbols) =>
        symbols.Where(s => s.CanBeReferencedByName && s switch
            {
                IMethodSymbol method => method.MethodKind is MethodKind.Ordinary or MethodKind.ReducedExtension or MethodKind.DelegateInvoke,
                IPropertySymbol property => !property.IsIndexer,
                _ => true,
            })
            .Select(s => s.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
