using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>
/// What another file needs to know of a declaration: its signature, its doc summary, and for a type
/// the signatures of its non-private members, bodies left out. This is the API a completion must
/// call correctly, in a fraction of the tokens of the source.
/// </summary>
public static partial class DeclarationOutline
{
    public const int MaxOutlineLines = 60;

    /// <summary>The declaration's header: modifiers, type, name, parameters, constraints; no attributes, body or initializer.</summary>
    public static string Signature(MemberDeclarationSyntax member)
    {
        var start = member.Modifiers.Count > 0 ? member.Modifiers.First().SpanStart : FirstNonAttributeToken(member).SpanStart;
        var stop = member switch
        {
            BaseTypeDeclarationSyntax type => type.OpenBraceToken.IsMissing || type.OpenBraceToken.Span.IsEmpty ? type.Span.End : type.OpenBraceToken.SpanStart,
            BaseMethodDeclarationSyntax method => ((SyntaxNode?)method.Body ?? method.ExpressionBody)?.SpanStart ?? member.Span.End,
            PropertyDeclarationSyntax { ExpressionBody: { } body } => body.SpanStart,
            BasePropertyDeclarationSyntax property => property.AccessorList?.SpanStart ?? member.Span.End,
            _ => member.Span.End, // fields, delegates, enum members: the whole declaration
        };

        var text = member.SyntaxTree.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, Math.Max(start, stop)));
        text = Whitespace().Replace(text, " ").Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal);
        if (member.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            text = AsyncModifier().Replace(text, "", 1); // how a method is implemented is not what a caller needs
        }

        return text.Trim().TrimEnd(';').TrimEnd();
    }

    /// <summary>The plain text of the declaration's XML doc summary; null when it has none.</summary>
    public static string? Summary(SyntaxNode node)
    {
        var doc = node.GetLeadingTrivia()
            .Select(t => t.GetStructure())
            .OfType<DocumentationCommentTriviaSyntax>()
            .FirstOrDefault();
        var summary = doc?.Content.OfType<XmlElementSyntax>().FirstOrDefault(e => e.StartTag.Name.ToString() == "summary");
        if (summary is null)
        {
            return null;
        }

        var text = string.Concat(summary.Content.Select(c => c switch
        {
            XmlTextSyntax t => string.Concat(t.TextTokens.Select(k => k.Text)),
            XmlEmptyElementSyntax e => e.Attributes.OfType<XmlCrefAttributeSyntax>().FirstOrDefault()?.Cref.ToString() ?? e.ToString(),
            _ => c.ToString(),
        }));
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length == 0 ? null : text.Length > 200 ? text[..200] + "…" : text;
    }

    /// <summary>The outline of a type: the type header and its visible members' signatures, nested types collapsed.</summary>
    /// <param name="mustShow">Member names to keep even when the outline is cut to <see cref="MaxOutlineLines"/>.</param>
    public static string OfType(BaseTypeDeclarationSyntax type, IReadOnlySet<string>? mustShow = null)
    {
        var lines = new List<string>();
        var members = new List<(string Name, List<string> Lines)>();
        if (type is EnumDeclarationSyntax enumeration)
        {
            members.AddRange(enumeration.Members.Select(m => (m.Identifier.Text, new List<string> { "    " + Signature(m) + "," })));
        }
        else if (type is TypeDeclarationSyntax withMembers)
        {
            foreach (var member in withMembers.Members.Where(IsVisible))
            {
                var memberLines = new List<string>();
                if (Summary(member) is { } summary)
                {
                    memberLines.Add("    /// <summary>" + summary + "</summary>");
                }

                memberLines.Add("    " + MemberLine(member));
                members.Add((NameOf(member), memberLines));
            }
        }

        if (Summary(type) is { } typeSummary)
        {
            lines.Add("/// <summary>" + typeSummary + "</summary>");
        }

        lines.Add(Signature(type));
        lines.Add("{");
        var budget = MaxOutlineLines - lines.Count - 1;
        var total = members.Sum(m => m.Lines.Count);
        var kept = total <= budget
            ? members
            : members.Where(m => mustShow?.Contains(m.Name) == true)
                .Concat(members.Where(m => mustShow?.Contains(m.Name) != true))
                .Aggregate(new List<(string Name, List<string> Lines)>(), (acc, m) =>
                {
                    if (acc.Sum(a => a.Lines.Count) + m.Lines.Count <= budget - 1)
                    {
                        acc.Add(m);
                    }

                    return acc;
                })
                .OrderBy(members.IndexOf)
                .ToList();
        lines.AddRange(kept.SelectMany(m => m.Lines));
        if (kept.Count < members.Count)
        {
            lines.Add("    // … " + (members.Count - kept.Count) + " more members");
        }

        lines.Add("}");
        return string.Join('\n', lines);
    }

    internal static string NameOf(MemberDeclarationSyntax member) => member switch
    {
        BaseTypeDeclarationSyntax t => t.Identifier.Text,
        DelegateDeclarationSyntax d => d.Identifier.Text,
        MethodDeclarationSyntax m => m.Identifier.Text,
        ConstructorDeclarationSyntax c => c.Identifier.Text,
        PropertyDeclarationSyntax p => p.Identifier.Text,
        EventDeclarationSyntax e => e.Identifier.Text,
        BaseFieldDeclarationSyntax f => f.Declaration.Variables.FirstOrDefault()?.Identifier.Text ?? "",
        IndexerDeclarationSyntax => "this[]",
        OperatorDeclarationSyntax o => "operator " + o.OperatorToken.Text,
        ConversionOperatorDeclarationSyntax c => "operator " + c.Type,
        EnumMemberDeclarationSyntax e => e.Identifier.Text,
        _ => "",
    };

    private static string MemberLine(MemberDeclarationSyntax member) => member switch
    {
        BaseTypeDeclarationSyntax nested => Signature(nested) + " { … }",
        BasePropertyDeclarationSyntax property => Signature(property) + " " + Accessors(property),
        BaseFieldDeclarationSyntax field => Signature(field) + ";",
        _ => Signature(member) + ";",
    };

    private static string Accessors(BasePropertyDeclarationSyntax property) =>
        property.AccessorList is { } list
            ? "{ " + string.Join(' ', list.Accessors.Where(a => !a.Modifiers.Any(SyntaxKind.PrivateKeyword)).Select(a => a.Keyword.Text + ";")) + " }"
            : "{ get; }";

    private static bool IsVisible(MemberDeclarationSyntax member)
    {
        if (member.Modifiers.Any(SyntaxKind.PrivateKeyword))
        {
            return false;
        }

        // Without an access modifier, class members are private, interface members public.
        return member.Modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword))
            || member.Parent is InterfaceDeclarationSyntax
            || member is EnumMemberDeclarationSyntax;
    }

    private static SyntaxToken FirstNonAttributeToken(MemberDeclarationSyntax member) =>
        member.AttributeLists.Count > 0 ? member.AttributeLists.Last().GetLastToken().GetNextToken() : member.GetFirstToken();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\basync\s+")]
    private static partial Regex AsyncModifier();
}
