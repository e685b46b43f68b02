using System.Diagnostics;
using CodePilotLocal.Core.Benchmarking;
using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Evaluation;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Indexing;
using CodePilotLocal.Indexing.Context;
using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Inference;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Evaluation;

/// <summary>
/// Holds out statements of a repository's C# files (seeded), and for each asks for the completion with
/// the file as it was before the statement was written: once with the repository context, once with the
/// current file alone. The file's git diff is left out of the context, since it may hold the answer.
/// Without a model only the prompts are built (context recall), with token counts estimated.
/// </summary>
public sealed class EvalRunner(WorkspaceIndex index, CompletionOptions options, IInferenceEngine? engine)
{
    public async Task<EvalReport> RunAsync(EvalOptions eval, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var template = engine?.Model.FimTemplate ?? FimTemplateCatalog.Qwen;
        ITokenCounter counter = new CachingTokenCounter(engine is null ? ApproximateTokenCounter.Instance : engine);
        var declared = index.Store.DeclaredNames();
        var contexts = new ContextEngine(index);
        var samples = new List<EvalSample>();
        foreach (var (path, text, start, end) in PickSites(eval))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = text[..start] + text[end..];
            var expected = text[start..end];
            var target = new CompletionTarget(path, index.Name);
            var clock = Stopwatch.StartNew();
            var gathered = contexts.Gather(new ContextRequest(path, before, start, options.ContextTokens, IncludeRecentChange: false), counter, cancellationToken);
            var contextMs = clock.Elapsed.TotalMilliseconds;
            var snippets = gathered.Selection.Snippets.Select(c => c.Snippet).ToList();
            bool DeclaredElsewhere(string name) => declared[name].Any(p => p != path);

            // As in the server, halving the window halves the snippets too (the most stable ones stay).
            FimInput WithContext(CompletionContext context, CompletionOptions o) =>
                target.InputFor(context, snippets.Take(snippets.Count * o.ContextTokens / Math.Max(1, options.ContextTokens)).ToList());
            // Guarded and unguarded run back to back on the same prompt, in turns which goes first: the
            // second finds the prompt in the KV cache, and taking turns keeps that from favouring either.
            var compare = engine is not null && options.SemanticGuard;
            Task<Attempt> Guarded(bool guard) =>
                CompleteAsync(path, before, start, options with { SemanticGuard = guard }, WithContext, template, counter, cancellationToken);
            var unguardedFirst = compare && samples.Count % 2 == 1;
            var unguarded = unguardedFirst ? await Guarded(false).ConfigureAwait(false) : null;
            var withContext = await Guarded(options.SemanticGuard).ConfigureAwait(false);
            if (compare && !unguardedFirst)
            {
                unguarded = await Guarded(false).ConfigureAwait(false);
            }

            var fileOnly = await CompleteAsync(path, before, start, options, (context, _) => target.InputFor(context), template, counter, cancellationToken).ConfigureAwait(false);
            var judge = new SuggestionJudge(index.CSharp, path, before, start);
            samples.Add(new EvalSample(
                path, before[..start].Count(c => c == '\n') + 1, expected, withContext.Suggestion, fileOnly.Suggestion,
                ContextRecall.Of(expected, DeclaredElsewhere, withContext.Prompt),
                ContextRecall.Of(expected, DeclaredElsewhere, fileOnly.Prompt),
                withContext.PromptTokens, fileOnly.PromptTokens, contextMs,
                withContext.LatencyMs is { } latency ? latency + contextMs : null, fileOnly.LatencyMs)
            {
                BeforeCompileCheck = withContext.Generated,
                UnguardedSuggestion = unguarded?.Suggestion,
                IdentifiersValid = judge.NamesExistingMembers(withContext.Generated),
                Compiles = judge.AddsNoError(withContext.Suggestion),
                UnguardedIdentifiersValid = judge.NamesExistingMembers(unguarded?.Generated),
                UnguardedCompiles = judge.AddsNoError(unguarded?.Suggestion),
                GuardedSites = withContext.Guidance?.Sites.Count ?? 0,
                GuardMicrosecondsPerToken = withContext.Guidance?.MicrosecondsPerToken ?? [],
                UnguardedLatencyMs = unguarded?.LatencyMs is { } plain ? plain + contextMs : null,
            });
            progress?.Report(samples.Count);
        }

        return Summarize(samples, engine?.Model.Name, engine is null ? "estimated: 4 characters a token (no model)" : "the model's tokenizer");
    }

    /// <summary>One prompt, and with a model its suggestion; a prompt too long for the context is retried with the window halved, as the server does.</summary>
    private async Task<Attempt> CompleteAsync(
        string path, string text, int offset, CompletionOptions current, Func<CompletionContext, CompletionOptions, FimInput> inputFor,
        FimTemplate template, ITokenCounter counter, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var shrinks = 0; ; shrinks++)
        {
            var context = CompletionContextFactory.Create(text, offset, current);
            if (engine is null)
            {
                var estimated = template.Build(inputFor(context, current), current.FimOrder);
                return new Attempt(FimTemplate.Render(estimated), null, null, estimated.Sum(p => p.Kind == PromptPartKind.SpecialToken ? 1 : counter.Count(p.Value)), null, null);
            }

            var guidance = CompletionGuidance.Prepare(engine, current, context, index.CSharp, path, text, offset);
            var prompt = template.Build(inputFor(guidance.PromptContext, current), current.FimOrder);
            var statistics = new GenerationStatistics();
            var request = new GenerationRequest(prompt, current.MaxTokensFor(context.Mode), current.TimeBudget, template.StopTokens, statistics) { Guidance = guidance.Request };
            try
            {
                var suggestion = await CompletionService.SuggestAsync(engine, request, context, guidance, cancellationToken).ConfigureAwait(false);
                return new Attempt(FimTemplate.Render(prompt), suggestion, guidance.Unchecked, statistics.PromptTokens, clock.Elapsed.TotalMilliseconds, guidance.Outcome);
            }
            catch (PromptTooLongException)
            {
                if (shrinks == CompletionService.MaxWindowShrinks)
                {
                    return new Attempt(FimTemplate.Render(prompt), "", "", statistics.PromptTokens, clock.Elapsed.TotalMilliseconds, null); // no suggestion, as in the editor
                }

                current = current.WithHalfTheWindow();
            }
        }
    }

    /// <param name="Generated">The suggestion as generation and post-processing left it, before the compile check cut it.</param>
    private sealed record Attempt(string Prompt, string? Suggestion, string? Generated, int PromptTokens, double? LatencyMs, GuidanceOutcome? Guidance);

    /// <summary>Picks the sites to hold out: statements, or what follows a member access's dot.</summary>
    private static IEnumerable<(int Start, int End)> SitesIn(Microsoft.CodeAnalysis.SyntaxTree tree, EvalSites sites) =>
        sites == EvalSites.MemberAccesses ? MemberAccessSites.In(tree) : StatementSites.In(tree);

    /// <summary>Statements of the indexed C# files, shuffled with the seed, the first N.</summary>
    private IEnumerable<(string Path, string Text, int Start, int End)> PickSites(EvalOptions eval)
    {
        var sites = new List<(string Path, string Text, int Start, int End)>();
        foreach (var path in index.Store.FileHashes().Keys.Where(p => Languages.For(p) == Languages.CSharp).Order(StringComparer.Ordinal))
        {
            if (index.Scanner.Resolve(path, out _) is not { } file || FileReader.TryRead(file, index.Options.MaxFileBytes, out _) is not { } text)
            {
                continue;
            }

            sites.AddRange(SitesIn(CSharpDeclarations.Parse(text, path), eval.Sites).Select(s => (path, text, s.Start, s.End)));
        }

        var random = new Random(eval.Seed);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sites));
        return sites.Take(eval.Samples);
    }

    private static EvalReport Summarize(IReadOnlyList<EvalSample> samples, string? model, string tokenCounts)
    {
        var withRecall = samples.Where(s => s.ContextRecall is not null).ToList();
        var modelRan = samples.Count > 0 && samples.All(s => s.Suggestion is not null);
        double? Mean(Func<EvalSample, double> f) => modelRan ? samples.Average(f) : null;
        static double? Share(IEnumerable<bool?> judged) => judged.OfType<bool>().ToList() is { Count: > 0 } known ? known.Average(b => b ? 1.0 : 0) : null;
        var guardTimes = samples.SelectMany(s => s.GuardMicrosecondsPerToken).ToList();
        var unguardedLatencies = samples.Select(s => s.UnguardedLatencyMs).OfType<double>().ToList();
        return new EvalReport(
            samples.Count,
            withRecall.Count,
            withRecall.Count == 0 ? 0 : withRecall.Average(s => s.ContextRecall!.Value),
            withRecall.Count == 0 ? 0 : withRecall.Average(s => s.BaselineContextRecall!.Value),
            Mean(s => Same(s.Expected, s.Suggestion) ? 1 : 0),
            Mean(s => EditSimilarity.Of(Normalize(s.Expected), Normalize(s.Suggestion))),
            Mean(s => Same(s.Expected, s.BaselineSuggestion) ? 1 : 0),
            Mean(s => EditSimilarity.Of(Normalize(s.Expected), Normalize(s.BaselineSuggestion))),
            samples.Count == 0 ? 0 : samples.Average(s => s.PromptTokens),
            samples.Count == 0 ? 0 : samples.Average(s => s.BaselinePromptTokens),
            LatencySummary.Of(samples.Select(s => s.ContextMs).ToList()).P50,
            modelRan ? LatencySummary.Of(samples.Select(s => s.LatencyMs!.Value).ToList()).P50 : null,
            modelRan ? LatencySummary.Of(samples.Select(s => s.BaselineLatencyMs!.Value).ToList()).P50 : null,
            model,
            tokenCounts,
            samples)
        {
            IdentifierValidity = Share(samples.Select(s => s.IdentifiersValid)),
            Compiles = Share(samples.Select(s => s.Compiles)),
            UnguardedIdentifierValidity = Share(samples.Select(s => s.UnguardedIdentifiersValid)),
            UnguardedCompiles = Share(samples.Select(s => s.UnguardedCompiles)),
            GuardedSites = samples.Sum(s => s.GuardedSites),
            GuardMicrosecondsP50 = guardTimes.Count > 0 ? LatencySummary.Of(guardTimes).P50 : null,
            GuardMicrosecondsP95 = guardTimes.Count > 0 ? LatencySummary.Of(guardTimes).P95 : null,
            UnguardedLatencyMsP50 = unguardedLatencies.Count > 0 ? LatencySummary.Of(unguardedLatencies).P50 : null,
        };
    }

    private static bool Same(string expected, string? actual) => Normalize(expected) == Normalize(actual);

    /// <summary>Whitespace runs as one space: a suggestion that differs only in line breaks or indentation is the same code.</summary>
    private static string Normalize(string? code) => string.Join(' ', (code ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
