using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>The symbol table rows of one C# file: every type and visible member, from the syntax alone (no restore, no build).</summary>
public static class CSharpDeclarations
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.Parse);

    public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    public static IReadOnlyList<DeclaredSymbol> Extract(SyntaxTree tree)
    {
        var symbols = new List<DeclaredSymbol>();
        var path = tree.FilePath;
        foreach (var member in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).OfType<MemberDeclarationSyntax>())
        {
            if (member is BaseNamespaceDeclarationSyntax or GlobalStatementSyntax)
            {
                continue;
            }

            var name = DeclarationOutline.NameOf(member);
            if (name.Length == 0)
            {
                continue;
            }

            var span = member.GetLocation().GetLineSpan();
            var signature = DeclarationOutline.Signature(member);
            var outline = member is BaseTypeDeclarationSyntax type ? DeclarationOutline.OfType(type) : signature;
            symbols.Add(new DeclaredSymbol(
                name, KindOf(member), ContainerOf(member), signature, DeclarationOutline.Summary(member), path,
                span.StartLinePosition.Line + 1, span.EndLinePosition.Line + 1, outline));
        }

        return symbols;
    }

    private static string KindOf(MemberDeclarationSyntax member) => member switch
    {
        BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => member.Kind() switch
        {
            SyntaxKind.ClassDeclaration => "class",
            SyntaxKind.StructDeclaration => "struct",
            SyntaxKind.InterfaceDeclaration => "interface",
            SyntaxKind.RecordDeclaration or SyntaxKind.RecordStructDeclaration => "record",
            SyntaxKind.EnumDeclaration => "enum",
            _ => "delegate",
        },
        MethodDeclarationSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax => "method",
        ConstructorDeclarationSyntax => "constructor",
        PropertyDeclarationSyntax or IndexerDeclarationSyntax => "property",
        EventDeclarationSyntax or EventFieldDeclarationSyntax => "event",
        FieldDeclarationSyntax => "field",
        _ => "member",
    };

    private static string ContainerOf(SyntaxNode node)
    {
        var names = new Stack<string>();
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case BaseTypeDeclarationSyntax type:
                    names.Push(type.Identifier.Text);
                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    names.Push(ns.Name.ToString());
                    break;
            }
        }

        return string.Join('.', names);
    }
}
