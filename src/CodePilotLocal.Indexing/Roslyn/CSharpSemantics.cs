using System.Collections.Concurrent;
using CodePilotLocal.Core.Chat;
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
    /// <summary>
    /// The global usings the .NET SDK generates for projects with ImplicitUsings (every template's default
    /// since .NET 6); they are in obj/, which is never indexed. With them, code that compiles in the user's
    /// build binds here too: a name is never judged missing for want of them. In a project without them a
    /// name may bind here that the build would not find, which only makes the guard less strict.
    /// </summary>
    private static readonly SyntaxTree ImplicitUsings = CSharpDeclarations.Parse(
        "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n"
        + "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n",
        "(implicit usings).g.cs");

    private Snapshot _current = new(
        CSharpCompilation.Create(
            "workspace", [ImplicitUsings], FrameworkReferences.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)),
        new Dictionary<string, SyntaxTree>(StringComparer.Ordinal));

    private (string Path, string Text, SemanticModel Model)? _lastReplaced;

    public int FileCount => Volatile.Read(ref _current).Trees.Count;

    /// <summary>
    /// Adds or replaces files (parsed with <see cref="CSharpDeclarations.Parse"/>, path = workspace-relative),
    /// then builds the new compilation's symbols in the background, so that no request waits for it.
    /// </summary>
    public void Set(IEnumerable<SyntaxTree> trees)
    {
        Snapshot snapshot;
        var changed = new List<SyntaxTree>();
        lock (_lock)
        {
            var compilation = _current.Compilation;
            var all = new Dictionary<string, SyntaxTree>(_current.Trees, StringComparer.Ordinal);
            var added = new List<SyntaxTree>();
            foreach (var tree in trees)
            {
                if (all.TryGetValue(tree.FilePath, out var old))
                {
                    compilation = compilation.ReplaceSyntaxTree(old, tree);
                }
                else
                {
                    added.Add(tree);
                }

                all[tree.FilePath] = tree;
                changed.Add(tree);
            }

            snapshot = _current = new Snapshot(compilation.AddSyntaxTrees(added), all);
            _lastReplaced = null;
        }

        Ready = Task.Run(() => Warm(snapshot, changed.Count <= 4 ? changed : []));
    }

    /// <summary>Completes when the symbols of the latest compilation are built (requests before then build what they need themselves).</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    /// <summary>Compiles against these package assemblies too (see <see cref="PackageReferences"/>).</summary>
    public void SetPackageReferences(IReadOnlyList<string> assemblies)
    {
        lock (_lock)
        {
            var references = FrameworkReferences.Value.Concat(assemblies.Select(a => (MetadataReference)MetadataReference.CreateFromFile(a)));
            _current = new Snapshot(_current.Compilation.WithReferences(references), _current.Trees);
            _lastReplaced = null;
        }
    }

    public void Remove(string path)
    {
        lock (_lock)
        {
            if (_current.Trees.TryGetValue(path, out var old))
            {
                var all = new Dictionary<string, SyntaxTree>(_current.Trees, StringComparer.Ordinal);
                all.Remove(path);
                _current = new Snapshot(_current.Compilation.RemoveSyntaxTrees(old), all);
                _lastReplaced = null;
            }
        }
    }

    /// <summary>The errors (syntax and semantic) of a file with this text, in the workspace compilation, in file order.</summary>
    public IReadOnlyList<CodeError> ErrorsOf(string path, string text, CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _current);
        var tree = CSharpDeclarations.Parse(text, path);
        var compilation = snapshot.Trees.TryGetValue(path, out var indexed) ? snapshot.Compilation.ReplaceSyntaxTree(indexed, tree) : snapshot.Compilation.AddSyntaxTrees(tree);
        var syntax = tree.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => (d.Id, d.Location.SourceSpan)).ToHashSet();
        return compilation.GetSemanticModel(tree).GetDiagnostics(cancellationToken: cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => CompileCheck.ToCodeError(d, syntax.Contains((d.Id, d.Location.SourceSpan))))
            .ToList();
    }

    /// <summary>Declarations in other files of what the code around the offset uses, as outlines, most used nearest the cursor first.</summary>
    /// <param name="path">The document's workspace-relative path.</param>
    /// <param name="text">The document as the editor has it now (may not be saved, may not compile).</param>
    public IReadOnlyList<ContextSnippet> DeclarationsNear(string path, string text, int offset, CancellationToken cancellationToken = default)
    {
        var binder = BinderFor(Volatile.Read(ref _current), path, text, offset, cancellationToken);
        var source = binder.Root.SyntaxTree.GetText(cancellationToken);
        var cursorLine = source.Lines.GetLineFromPosition(Math.Clamp(offset, 0, source.Length)).LineNumber;
        var first = source.Lines[Math.Max(0, cursorLine - LinesAbove)].Start;
        var last = source.Lines[Math.Min(source.Lines.Count - 1, cursorLine + LinesBelow)].End;
        return Declarations(binder, path, first, last, cursorLine, cancellationToken);
    }

    /// <summary>Declarations in other files of what a range of the text uses (a selection to explain or fix).</summary>
    public IReadOnlyList<ContextSnippet> DeclarationsIn(string path, string text, int start, int end, CancellationToken cancellationToken = default)
    {
        var binder = BinderFor(Volatile.Read(ref _current), path, text, start, cancellationToken);
        var source = binder.Root.SyntaxTree.GetText(cancellationToken);
        start = Math.Clamp(start, 0, source.Length);
        return Declarations(binder, path, start, Math.Clamp(end, start, source.Length), source.Lines.GetLineFromPosition(start).LineNumber, cancellationToken);
    }

    private IReadOnlyList<ContextSnippet> Declarations(NameBinder binder, string path, int first, int last, int cursorLine, CancellationToken cancellationToken)
    {
        var root = binder.Root;
        var source = root.SyntaxTree.GetText(cancellationToken);
        var used = new Dictionary<INamedTypeSymbol, Use>(SymbolEqualityComparer.Default);
        Use UseOf(INamedTypeSymbol type) => used.TryGetValue(type, out var u) ? u : used[type] = new Use();
        // A name is bound once, where it is nearest the cursor (a name means the same thing within a few
        // lines; binding every occurrence costs more than the whole rest of the context), and weighs by
        // all its occurrences, each the more the nearer it is.
        var occurrences = root.DescendantNodes(new Microsoft.CodeAnalysis.Text.TextSpan(first, last - first))
            .OfType<SimpleNameSyntax>()
            .Where(n => n.Span.Start >= first && n.Span.End <= last)
            .Select(n => (Name: n, Distance: Math.Abs(source.Lines.GetLineFromPosition(n.SpanStart).LineNumber - cursorLine)))
            .GroupBy(o => o.Name.Identifier.ValueText, StringComparer.Ordinal);
        foreach (var group in occurrences)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nearest = group.OrderBy(o => o.Distance).Take(3).Select(o => binder.Bind(o.Name, cancellationToken)).FirstOrDefault(s => s is not null);
            if (nearest is null)
            {
                continue;
            }

            var weight = group.Sum(o => 1.0 / (1 + (o.Distance / 4.0)));
            foreach (var (type, member) in TypesBehind(nearest))
            {
                var use = UseOf(type);
                use.Weight += weight;
                if (member is not null)
                {
                    use.Members.Add(member);
                }
            }
        }

        if (binder.EnclosingType is { } self)
        {
            foreach (var baseType in self.Interfaces.Append(self.BaseType).OfType<INamedTypeSymbol>())
            {
                UseOf(baseType.OriginalDefinition).Weight += 1;
            }
        }

        return used
            .Select(pair => Snippet(pair.Key, pair.Value, path))
            .OfType<ContextSnippet>()
            .OrderByDescending(s => s.Score)
            .ToList();
    }

    /// <summary>
    /// How names of the editor's text get their symbols, from the model <see cref="Choose"/> picks; in a
    /// speculative model, names outside the edited method are bound through the indexed tree.
    /// </summary>
    private NameBinder BinderFor(Snapshot snapshot, string path, string text, int offset, CancellationToken cancellationToken)
    {
        var choice = Choose(snapshot, path, text, offset, cancellationToken);
        return choice.Speculation is { } speculation
            ? Speculative(choice.Model, choice.Root, speculation, cancellationToken)
            : new NameBinder(choice.Root, (name, ct) => choice.Model.GetSymbolInfo(name, ct), EnclosingTypeAt(choice.Model, offset));
    }

    /// <summary>
    /// The cheapest model that binds the editor's text: the indexed tree when the text is unchanged; a
    /// speculative model of the one method being edited (the usual case while typing: no new
    /// compilation); else a compilation with the file replaced (the slow path, cached per text) or added.
    /// </summary>
    private ModelChoice Choose(Snapshot snapshot, string path, string text, int offset, CancellationToken cancellationToken)
    {
        if (snapshot.Trees.TryGetValue(path, out var indexed))
        {
            var indexedModel = snapshot.ModelFor(indexed);
            var indexedText = indexed.GetText(cancellationToken).ToString();
            if (indexedText == text)
            {
                return new ModelChoice(indexed.GetRoot(cancellationToken), indexedModel, null);
            }

            var edited = CSharpDeclarations.Parse(text, path);
            if (Speculate(indexedModel, indexedText, edited, text, offset, cancellationToken) is { } speculation)
            {
                return new ModelChoice(edited.GetRoot(cancellationToken), indexedModel, speculation);
            }

            lock (_lock)
            {
                if (_lastReplaced is not { } cached || cached.Path != path || cached.Text != text)
                {
                    var compilation = snapshot.Compilation.ReplaceSyntaxTree(indexed, edited);
                    _lastReplaced = cached = (path, text, compilation.GetSemanticModel(edited, ignoreAccessibility: true));
                }

                return new ModelChoice(cached.Model.SyntaxTree.GetRoot(cancellationToken), cached.Model, null);
            }
        }

        // Not indexed (yet): a compilation with the file added.
        var tree = CSharpDeclarations.Parse(text, path);
        return new ModelChoice(tree.GetRoot(cancellationToken), snapshot.Compilation.AddSyntaxTrees(tree).GetSemanticModel(tree, ignoreAccessibility: true), null);
    }

    /// <param name="Root">The root of the editor's text.</param>
    /// <param name="Model">Binds <see cref="Root"/>; with a <see cref="Speculation"/>, the indexed model, which binds the text around the edited method.</param>
    private sealed record ModelChoice(SyntaxNode Root, SemanticModel Model, Speculation? Speculation);

    /// <summary>
    /// When the edits are all inside the method (or accessor) around the cursor, binds that method's new
    /// body against the indexed compilation, and the unchanged text around it through the indexed tree.
    /// </summary>
    private static NameBinder Speculative(SemanticModel indexedModel, SyntaxNode editedRoot, Speculation speculation, CancellationToken cancellationToken)
    {
        var (speculative, editedBody, start, end, delta) = speculation;
        var indexedRoot = indexedModel.SyntaxTree.GetRoot(cancellationToken);
        return new NameBinder(editedRoot, (name, ct) =>
        {
            if (editedBody.Contains(name.Span))
            {
                return speculative.GetSymbolInfo(name, ct);
            }

            // Outside the body the text is the indexed text (shifted after the member); the signature is checked name by name.
            var shift = name.SpanStart < start ? 0 : name.SpanStart >= end ? delta : 0;
            var position = name.SpanStart + shift;
            return position + name.Span.Length <= indexedRoot.FullSpan.End
                && indexedRoot.FindNode(new Microsoft.CodeAnalysis.Text.TextSpan(position, name.Span.Length), getInnermostNodeForTie: true) is SimpleNameSyntax same
                && same.Identifier.ValueText == name.Identifier.ValueText
                    ? indexedModel.GetSymbolInfo(same, ct)
                    : default;
        }, EnclosingTypeAt(indexedModel, start));
    }

    /// <param name="Model">Binds the nodes of the edited body.</param>
    /// <param name="EditedBody">The span of the edited body in the edited text.</param>
    /// <param name="Start">Where the member starts (the same in both texts).</param>
    /// <param name="End">Where the member ends in the edited text.</param>
    /// <param name="Delta">Indexed text length minus edited text length.</param>
    private sealed record Speculation(SemanticModel Model, Microsoft.CodeAnalysis.Text.TextSpan EditedBody, int Start, int End, int Delta);

    /// <summary>A speculative model of the edited method's body, when the edits are all inside it; null otherwise.</summary>
    private static Speculation? Speculate(SemanticModel indexedModel, string indexedText, SyntaxTree edited, string text, int offset, CancellationToken cancellationToken)
    {
        var editedRoot = edited.GetRoot(cancellationToken);
        var member = editedRoot.FindToken(Math.Clamp(offset, 0, Math.Max(0, text.Length - 1))).Parent?.AncestorsAndSelf()
            .FirstOrDefault(n => n is BaseMethodDeclarationSyntax { Body: not null } or BaseMethodDeclarationSyntax { ExpressionBody: not null } or AccessorDeclarationSyntax { Body: not null } or AccessorDeclarationSyntax { ExpressionBody: not null });
        if (member is null)
        {
            return null;
        }

        var start = member.SpanStart;
        var delta = indexedText.Length - text.Length;
        var end = member.Span.End;
        if (end + delta < start || string.CompareOrdinal(text, 0, indexedText, 0, start) != 0
            || string.CompareOrdinal(text, end, indexedText, end + delta, text.Length - end) != 0)
        {
            return null; // edited elsewhere too
        }

        var indexedRoot = indexedModel.SyntaxTree.GetRoot(cancellationToken);
        var original = indexedRoot.FindToken(start).Parent?.AncestorsAndSelf().FirstOrDefault(n => n.SpanStart == start && n.RawKind == member.RawKind);
        var body = original is null ? null : BodyOf(original);
        if (body is null)
        {
            return null;
        }

        if (body.GetType() != BodyOf(member)?.GetType())
        {
            return null; // a block became an expression body or back: Roslyn cannot speculate across that
        }

        SemanticModel? model = null;
        bool ok;
        try
        {
            ok = member switch
            {
                BaseMethodDeclarationSyntax m => indexedModel.TryGetSpeculativeSemanticModelForMethodBody(body.SpanStart, m, out model),
                AccessorDeclarationSyntax a => indexedModel.TryGetSpeculativeSemanticModelForMethodBody(body.SpanStart, a, out model),
                _ => false,
            };
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException)
        {
            return null; // Roslyn's speculation fails on some broken code; a replaced compilation binds it instead
        }
        if (!ok || model is null)
        {
            return null;
        }

        return new Speculation(model, BodyOf(member)!.Span, start, end, delta);
    }

    private static SyntaxNode? BodyOf(SyntaxNode member) => member switch
    {
        BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
        AccessorDeclarationSyntax a => (SyntaxNode?)a.Body ?? a.ExpressionBody,
        _ => null,
    };

    /// <summary>
    /// A semantic model for the editor's text at an offset, the cheapest that binds the code there (see
    /// <see cref="Choose"/>). Accessibility is not applied by these models.
    /// </summary>
    public EditedModel ModelAt(string path, string text, int offset, CancellationToken cancellationToken = default)
    {
        var choice = Choose(Volatile.Read(ref _current), path, text, offset, cancellationToken);
        return choice.Speculation is { } speculation
            ? new EditedModel(choice.Root, speculation.Model, n => speculation.EditedBody.Contains(n.Span), choice.Model, speculation.Start)
            : new EditedModel(choice.Root, choice.Model, _ => true, choice.Model, null);
    }

    private static INamedTypeSymbol? EnclosingTypeAt(SemanticModel model, int position)
    {
        var symbol = model.GetEnclosingSymbol(Math.Clamp(position, 0, model.SyntaxTree.Length));
        return symbol as INamedTypeSymbol ?? symbol?.ContainingType;
    }

    /// <summary>Builds what every request needs from a new compilation: its declarations, and the bound bodies of the files just changed.</summary>
    private static void Warm(Snapshot snapshot, IReadOnlyList<SyntaxTree> changed)
    {
        try
        {
            _ = snapshot.Compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).Count();
            foreach (var tree in changed)
            {
                _ = snapshot.ModelFor(tree).GetMethodBodyDiagnostics();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Warming is an optimization: a failure here shows up, if at all, as a slower first request.
        }
    }

    /// <summary>A compilation, its trees by path, and one semantic model per tree (models cache what they bind).</summary>
    private sealed class Snapshot(CSharpCompilation compilation, IReadOnlyDictionary<string, SyntaxTree> trees)
    {
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

        public CSharpCompilation Compilation { get; } = compilation;

        public IReadOnlyDictionary<string, SyntaxTree> Trees { get; } = trees;

        public SemanticModel ModelFor(SyntaxTree tree) => _models.GetOrAdd(tree, t => Compilation.GetSemanticModel(t, ignoreAccessibility: true));
    }

    private sealed record NameBinder(SyntaxNode Root, Func<SimpleNameSyntax, CancellationToken, SymbolInfo> Info, INamedTypeSymbol? EnclosingType)
    {
        public ISymbol? Bind(SimpleNameSyntax name, CancellationToken cancellationToken)
        {
            var info = Info(name, cancellationToken);
            return info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
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
