using System.Diagnostics;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.Indexing.Workspace;
using Microsoft.Data.Sqlite;

namespace CodePilotLocal.Indexing.Context;

/// <summary>
/// Gathers what the repository can tell a completion at a cursor — declarations of what the nearby code
/// uses (Roslyn), code that looks like it (BM25 over the chunks), the parts of files that change with
/// this one (git), this file's recent change — and fits the best into the token budget.
/// </summary>
public sealed class ContextEngine(WorkspaceIndex index)
{
    /// <summary>Lines around the cursor whose words make the similar-code query.</summary>
    public const int QueryLinesAbove = 12;

    public const int QueryLinesBelow = 3;

    public const int MaxQueryTerms = 32;

    public const int SimilarCandidates = 8;

    public const int CoChangedFiles = 3;

    public WorkspaceIndex Index => index;

    /// <exception cref="PathOutsideWorkspaceException">The document is not inside the workspace.</exception>
    public RepositoryContext Gather(ContextRequest request, ITokenCounter counter, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var relative = index.Scanner.RelativeOf(Path.GetFullPath(request.Path, index.Root));
        if (index.Scanner.Resolve(relative, out _) is null)
        {
            // An ignored or secret file gets no repository context: nothing of it is looked up, nothing is added.
            return new RepositoryContext(relative, [], ContextSelection.Empty, clock.Elapsed);
        }

        var offset = Math.Clamp(request.Offset, 0, request.Text.Length);
        var candidates = new List<ContextSnippet>();
        candidates.AddRange(Semantic(relative, request.Text, offset, cancellationToken));
        candidates.AddRange(Retrieved(relative, QueryTerms(request.Text, offset), request.IncludeRecentChange));

        var selection = request.FileWide is { } fileWide
            ? WithFileWide(fileWide, candidates, request, counter)
            : ContextAssembler.Assemble(candidates, request.TokenBudget, counter, request.Previous);
        return new RepositoryContext(relative, candidates, selection, clock.Elapsed);
    }

    /// <summary>
    /// The context for a whole file rather than a place: declarations of what the file uses anywhere, code like its most
    /// frequent words, the parts of files changed with it, its recent change.
    /// </summary>
    public ContextSelection GatherFileWide(string path, string text, int tokenBudget, ITokenCounter counter, bool includeRecentChange = true, CancellationToken cancellationToken = default)
    {
        var relative = index.Scanner.RelativeOf(Path.GetFullPath(path, index.Root));
        if (index.Scanner.Resolve(relative, out _) is null)
        {
            return ContextSelection.Empty;
        }

        var candidates = new List<ContextSnippet>();
        if (Languages.For(relative) == Languages.CSharp)
        {
            candidates.AddRange(index.CSharp.DeclarationsIn(relative, text, 0, text.Length, cancellationToken));
        }

        var terms = text.Split('\n').SelectMany(CodeTerms.Terms)
            .GroupBy(t => t, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(MaxQueryTerms).Select(g => g.Key).ToList();
        candidates.AddRange(Retrieved(relative, terms, includeRecentChange));
        return ContextAssembler.Assemble(candidates, tokenBudget, counter);
    }

    /// <summary>The file's part first, as it was chosen; the place's own best (not already there) in what the budget leaves.</summary>
    private static ContextSelection WithFileWide(ContextSelection fileWide, List<ContextSnippet> candidates, ContextRequest request, ITokenCounter counter)
    {
        var fresh = candidates.Where(c => !fileWide.Snippets.Any(f => f.Snippet.SameContentAs(c)
            || (f.Snippet.Reason != SnippetReason.Diff && c.Reason != SnippetReason.Diff && f.Snippet.Overlaps(c))));
        var place = ContextAssembler.Assemble(fresh, Math.Max(0, request.TokenBudget - fileWide.Tokens), counter, request.Previous);
        return new ContextSelection([.. fileWide.Snippets, .. place.Snippets], fileWide.Tokens + place.Tokens, fileWide.Skipped + place.Skipped);
    }

    /// <summary>What retrieval finds for query terms: code like them, the parts of co-changed files nearest them, and the file's recent change.</summary>
    private IEnumerable<ContextSnippet> Retrieved(string relative, IReadOnlyList<string> terms, bool includeRecentChange) =>
        Similar(relative, terms).Concat(CoChanged(relative, terms)).Concat(includeRecentChange ? Diff(relative) : []);

    private IEnumerable<ContextSnippet> Semantic(string relative, string text, int offset, CancellationToken cancellationToken)
    {
        if (Languages.For(relative) != Languages.CSharp)
        {
            return [];
        }

        var resolved = index.CSharp.DeclarationsNear(relative, text, offset, cancellationToken);
        if (resolved.Count > 0)
        {
            return resolved;
        }

        // The compilation is still loading (or the code near the cursor binds to nothing): look type names up in the symbol table.
        return CodeTerms.Identifiers(WindowText(text, offset, CSharpSemantics.LinesAbove, CSharpSemantics.LinesBelow))
            .Where(name => char.IsUpper(name[0]))
            .Distinct(StringComparer.Ordinal)
            .SelectMany(name => Safe(() => index.Store.FindSymbols(name, 2)))
            .Where(s => s.Path != relative && s.Kind is "class" or "interface" or "struct" or "record" or "enum")
            .Select(s => new ContextSnippet(s.Path, s.StartLine, s.EndLine, s.Outline, SnippetReason.Semantic, 0.5, s.Container + "." + s.Name));
    }

    private IEnumerable<ContextSnippet> Similar(string relative, IReadOnlyList<string> terms) =>
        Safe(() => index.Store.SearchChunks(terms, SimilarCandidates, excludePath: relative))
            .Select(hit => new ContextSnippet(hit.Path, hit.StartLine, hit.EndLine, hit.Text, SnippetReason.Similar, hit.Score));

    private IEnumerable<ContextSnippet> CoChanged(string relative, IReadOnlyList<string> terms)
    {
        var query = terms.ToHashSet(StringComparer.Ordinal);
        foreach (var (other, count) in Safe(() => index.Store.CoChanged(relative, CoChangedFiles)))
        {
            var best = Safe(() => index.Store.ChunksOf(other)).MaxBy(chunk => TermOverlap.Jaccard(query, chunk.Text));
            if (best is not null)
            {
                yield return new ContextSnippet(other, best.StartLine, best.EndLine, best.Text, SnippetReason.CoChange, count, $"changed together {count}×");
            }
        }
    }

    private IEnumerable<ContextSnippet> Diff(string relative)
    {
        if (index.RecentChange(relative) is not { } change)
        {
            return [];
        }

        return [new ContextSnippet(relative, 1, 1, change.Patch, SnippetReason.Diff, 1, change.Label)];
    }

    /// <summary>The words of the lines around the cursor, nearest lines first, at most <see cref="MaxQueryTerms"/>.</summary>
    private static IReadOnlyList<string> QueryTerms(string text, int offset)
    {
        var lines = WindowText(text, offset, QueryLinesAbove, QueryLinesBelow).Split('\n');
        var cursorLine = Math.Min(lines.Length - 1, WindowText(text, offset, QueryLinesAbove, 0).Count(c => c == '\n'));
        var nearestFirst = Enumerable.Range(0, lines.Length).OrderBy(i => Math.Abs(i - cursorLine)).ThenBy(i => i);
        return nearestFirst.SelectMany(i => CodeTerms.Terms(lines[i])).Distinct(StringComparer.Ordinal).Take(MaxQueryTerms).ToList();
    }

    /// <summary>The lines around the offset.</summary>
    private static string WindowText(string text, int offset, int linesAbove, int linesBelow)
    {
        var start = offset;
        for (var n = 0; n <= linesAbove && start > 0; n++)
        {
            start = text.LastIndexOf('\n', start - 1) is var i and >= 0 ? i : 0;
        }

        var end = offset;
        for (var n = 0; n <= linesBelow && end < text.Length; n++)
        {
            end = text.IndexOf('\n', end + 1) is var i and >= 0 ? i : text.Length;
        }

        return text[start..end];
    }

    /// <summary>A broken index gives no context, not an error: the completion still runs on the file alone.</summary>
    private static IReadOnlyList<T> Safe<T>(Func<IReadOnlyList<T>> query)
    {
        try
        {
            return query();
        }
        catch (SqliteException)
        {
            return [];
        }
    }
}
