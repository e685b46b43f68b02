using CodePilotLocal.Core.Context;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>
/// One Roslyn compilation of every C# file of the workspace against the framework's assemblies (no
/// restore, no MSBuild), used to resolve what the code near the cursor refers to: the types of its
/// variables, the members it calls, the base types of the class being written.
/// </summary>
public sealed class CSharpSemantics
{
    /// <summary>Lines above the cursor whose names are resolved; names nearer the cursor weigh more.</summary>
    public const int LinesAbove = 30;

    public const int LinesBelow = 5;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "System.dll" or "mscorlib.dll" or "netstandard.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SyntaxTree> _trees = new(StringComparer.Ordinal);
    private CSharpCompilation _compilation = CSharpCompilation.Create(
        "workspace", [], FrameworkReferences.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private (string Path, string Text, CSharpCompilation Compilation, SyntaxTree Tree)? _lastQuery;

    public int FileCount
    {
        get
        {
            lock (_lock)
            {
                return _trees.Count;
            }
        }
    }

    /// <summary>Adds or replaces files (parsed with <see cref="CSharpDeclarations.Parse"/>, path = workspace-relative).</summary>
    public void Set(IEnumerable<SyntaxTree> trees)
    {
        lock (_lock)
        {
            var added = new List<SyntaxTree>();
            foreach (var tree in trees)
            {
                if (_trees.TryGetValue(tree.FilePath, out var old))
                {
                    _compilation = _compilation.ReplaceSyntaxTree(old, tree);
                }
                else
                {
                    added.Add(tree);
                }

                _trees[tree.FilePath] = tree;
            }

            _compilation = _compilation.AddSyntaxTrees(added);
            _lastQuery = null;
        }
    }

    public void Remove(string path)
    {
        lock (_lock)
        {
            if (_trees.Remove(path, out var old))
            {
                _compilation = _compilation.RemoveSyntaxTrees(old);
                _lastQuery = null;
            }
        }
    }

    /// <summary>Declarations in other files of what the code around the offset uses, as outlines, most used nearest the cursor first.</summary>
    /// <param name="path">The document's workspace-relative path.</param>
    /// <param name="text">The document as the editor has it now (may not be saved, may not compile).</param>
    public IReadOnlyList<ContextSnippet> DeclarationsNear(string path, string text, int offset, CancellationToken cancellationToken = default)
    {
        var (compilation, tree) = CompilationWith(path, text);
        var model = compilation.GetSemanticModel(tree, ignoreAccessibility: true);
        var root = tree.GetRoot(cancellationToken);
        var source = tree.GetText(cancellationToken);
        var cursorLine = source.Lines.GetLineFromPosition(Math.Clamp(offset, 0, source.Length)).LineNumber;
        var first = source.Lines[Math.Max(0, cursorLine - LinesAbove)].Start;
        var last = source.Lines[Math.Min(source.Lines.Count - 1, cursorLine + LinesBelow)].End;

        var used = new Dictionary<INamedTypeSymbol, Use>(SymbolEqualityComparer.Default);
        foreach (var name in root.DescendantNodes(new Microsoft.CodeAnalysis.Text.TextSpan(first, last - first)).OfType<SimpleNameSyntax>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (name.Span.Start < first || name.Span.End > last)
            {
                continue;
            }

            var info = model.GetSymbolInfo(name, cancellationToken);
            if ((info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is not { } symbol)
            {
                continue;
            }

            var weight = 1.0 / (1 + (Math.Abs(source.Lines.GetLineFromPosition(name.SpanStart).LineNumber - cursorLine) / 4.0));
            foreach (var (type, member) in TypesBehind(symbol))
            {
                var use = used.TryGetValue(type, out var u) ? u : used[type] = new Use();
                use.Weight += weight;
                if (member is not null)
                {
                    use.Members.Add(member);
                }
            }
        }

        if (root.FindToken(Math.Clamp(offset, 0, Math.Max(0, source.Length - 1))).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is { } enclosing
            && model.GetDeclaredSymbol(enclosing, cancellationToken) is { } self)
        {
            foreach (var baseType in self.Interfaces.Append(self.BaseType).OfType<INamedTypeSymbol>())
            {
                var use = used.TryGetValue(baseType.OriginalDefinition, out var u) ? u : used[baseType.OriginalDefinition] = new Use();
                use.Weight += 1;
            }
        }

        return used
            .Select(pair => Snippet(pair.Key, pair.Value, path))
            .OfType<ContextSnippet>()
            .OrderByDescending(s => s.Score)
            .ToList();
    }

    private (CSharpCompilation, SyntaxTree) CompilationWith(string path, string text)
    {
        lock (_lock)
        {
            if (_lastQuery is { } last && last.Path == path && last.Text == text)
            {
                return (last.Compilation, last.Tree);
            }

            var tree = CSharpDeclarations.Parse(text, path);
            var compilation = _trees.TryGetValue(path, out var old) ? _compilation.ReplaceSyntaxTree(old, tree) : _compilation.AddSyntaxTrees(tree);
            _lastQuery = (path, text, compilation, tree);
            return (compilation, tree);
        }
    }

    /// <summary>The source types a symbol leads to, with the member used where it is one.</summary>
    private static IEnumerable<(INamedTypeSymbol Type, string? Member)> TypesBehind(ISymbol symbol)
    {
        switch (symbol)
        {
            case INamedTypeSymbol type:
                return TypesIn(type).Select(t => (t, (string?)null));
            case ILocalSymbol local:
                return TypesIn(local.Type).Select(t => (t, (string?)null));
            case IParameterSymbol parameter:
                return TypesIn(parameter.Type).Select(t => (t, (string?)null));
            case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                return TypesIn(constructor.ContainingType).Select(t => (t, (string?)null));
            case IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ReducedExtension or MethodKind.DelegateInvoke } method:
                return Member(method.ContainingType, method.Name).Concat(TypesIn(method.ReturnType).Select(t => (t, (string?)null)));
            case IPropertySymbol property:
                return Member(property.ContainingType, property.Name).Concat(TypesIn(property.Type).Select(t => (t, (string?)null)));
            case IFieldSymbol field:
                return Member(field.ContainingType, field.Name).Concat(TypesIn(field.Type).Select(t => (t, (string?)null)));
            case IEventSymbol @event:
                return Member(@event.ContainingType, @event.Name);
            default:
                return [];
        }

        static IEnumerable<(INamedTypeSymbol, string?)> Member(INamedTypeSymbol? type, string name) =>
            type is null ? [] : [(type.OriginalDefinition, name)];
    }

    private static IEnumerable<INamedTypeSymbol> TypesIn(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol array => TypesIn(array.ElementType),
        INamedTypeSymbol named => new[] { named.OriginalDefinition }.Concat(named.TypeArguments.SelectMany(TypesIn)),
        _ => [],
    };

    private static ContextSnippet? Snippet(INamedTypeSymbol type, Use use, string currentPath)
    {
        var reference = type.DeclaringSyntaxReferences.FirstOrDefault(r => r.SyntaxTree.FilePath != currentPath);
        if (reference?.GetSyntax() is not MemberDeclarationSyntax declaration)
        {
            return null; // framework types, and types of this file: the prompt has them already or the model knows them
        }

        var outline = declaration is BaseTypeDeclarationSyntax typeDeclaration
            ? DeclarationOutline.OfType(typeDeclaration, use.Members)
            : DeclarationOutline.Signature(declaration) + ";";
        var lines = declaration.GetLocation().GetLineSpan();
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? "namespace " + n.ToDisplayString() + ";\n" : "";
        return new ContextSnippet(
            reference.SyntaxTree.FilePath, lines.StartLinePosition.Line + 1, lines.EndLinePosition.Line + 1, ns + outline,
            SnippetReason.Semantic, use.Weight, type.ToDisplayString());
    }

    private sealed class Use
    {
        public double Weight { get; set; }

        public HashSet<string> Members { get; } = new(StringComparer.Ordinal);
    }
}
