using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodePilotLocal.Indexing.Roslyn;

/// <param name="Offset">Where the name starts in the text.</param>
/// <param name="Code">The compiler error it causes: CS0103 (a name), CS0246 (a type), CS1061 (an instance member), CS0117 (a static member), CS0234 (in a namespace).</param>
public sealed record MissingName(int Offset, string Name, string Code);

/// <summary>
/// Names in (or running into) a span of the text that refer to nothing: the "does not exist" errors a suggestion would
/// add. Only names whose context binds are judged (a member of an unknown type is not), and names the
/// rest of the text also uses are the user's own (a method still to be written), not the suggestion's.
/// </summary>
public static class MissingNames
{
    /// <param name="strict">Judge names the rest of the text uses too (for measuring, where the held-out text may use them).</param>
    public static IReadOnlyList<MissingName> In(EditedModel edited, int start, int end, bool strict = false, CancellationToken cancellationToken = default)
    {
        var text = edited.Root.ToFullString();
        var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(Math.Clamp(start, 0, text.Length), Math.Clamp(end, start, text.Length));
        var missing = new List<MissingName>();
        foreach (var name in edited.Root.DescendantNodes(span).OfType<SimpleNameSyntax>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!name.Span.OverlapsWith(span) || !edited.Covers(name) || IsExempt(name) || !strict && UsedElsewhere(text, name, span))
            {
                continue;
            }

            var info = edited.Model.GetSymbolInfo(name, cancellationToken);
            if (info.Symbol is not null || !info.CandidateSymbols.IsEmpty || Code(edited, name, cancellationToken) is not { } code)
            {
                continue;
            }

            missing.Add(new MissingName(name.SpanStart, name.Identifier.ValueText, code));
        }

        return missing;
    }

    private static bool IsExempt(SimpleNameSyntax name) =>
        name.IsVar || name.Identifier.ValueText is "nameof" or "_" or "dynamic" or "value" or "unmanaged" or "notnull"
        || name.Parent is NameColonSyntax or NameEqualsSyntax or ExpressionColonSyntax
        || name.Identifier.IsMissing;

    /// <summary>
    /// The error a name that binds to nothing causes, or null where it exists after all (bad type
    /// arguments, wrong arity) or where its receiver does not bind either. Existence is looked up, not
    /// inferred from the failed binding.
    /// </summary>
    private static string? Code(EditedModel edited, SimpleNameSyntax name, CancellationToken cancellationToken)
    {
        var model = edited.Model;
        var text = name.Identifier.ValueText;
        var position = edited.ScopePositionFor(name);
        var receiver = Receivers.Of(name);
        if (receiver is null)
        {
            return edited.ScopeModel.LookupSymbols(position, name: text).IsEmpty
                ? SyntaxFacts.IsInTypeOnlyContext(name) ? "CS0246" : "CS0103"
                : null;
        }

        var symbol = model.GetSymbolInfo(receiver, cancellationToken).Symbol;
        if (symbol is INamespaceSymbol ns)
        {
            return edited.ScopeModel.LookupNamespacesAndTypes(position, ns, text).IsEmpty ? "CS0234" : null;
        }

        var type = symbol as ITypeSymbol ?? model.GetTypeInfo(receiver, cancellationToken).Type;
        if (type is null || type.TypeKind is TypeKind.Error or TypeKind.Dynamic)
        {
            return null;
        }

        type = Receivers.MemberContainer(type, conditional: name.Parent is MemberBindingExpressionSyntax);
        return edited.ScopeModel.LookupSymbols(position, type, text, includeReducedExtensionMethods: true).IsEmpty
            ? symbol is ITypeSymbol ? "CS0117" : "CS1061"
            : null;
    }

    /// <summary>Whether the rest of the text, outside the span and away from this name itself, uses the same word.</summary>
    private static bool UsedElsewhere(string text, SimpleNameSyntax name, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var word = name.Identifier.ValueText;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var whole = (at == 0 || !Core.Guidance.IdentifierText.IsIdentifierChar(text[at - 1]))
                && (at + word.Length == text.Length || !Core.Guidance.IdentifierText.IsIdentifierChar(text[at + word.Length]));
            if (whole && at != name.SpanStart && (at < span.Start || at >= span.End))
            {
                return true;
            }
        }

        return false;
    }
}
