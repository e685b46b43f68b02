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
        ITokenCounter counter = engine is null ? ApproximateTokenCounter.Instance : engine;
        var declared = index.Store.DeclaredNames();
        var contexts = new ContextEngine(index);
        var samples = new List<EvalSample>();
        foreach (var (path, text, start, end) in PickSites(eval))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = text[..start] + text[end..];
            var expected = text[start..end];
            var context = CompletionContextFactory.Create(before, start, options);
            var target = new CompletionTarget(path, index.Name);
            var clock = Stopwatch.StartNew();
            var gathered = contexts.Gather(new ContextRequest(path, before, start, options.ContextTokens, IncludeRecentChange: false), counter, cancellationToken);
            var contextMs = clock.Elapsed.TotalMilliseconds;
            var withContext = template.Build(target.InputFor(context, gathered.Selection.Snippets.Select(c => c.Snippet).ToList()));
            var fileOnly = template.Build(target.InputFor(context));
            bool DeclaredElsewhere(string name) => declared[name].Any(p => p != path);

            var (suggestion, tokens, latency) = await CompleteAsync(withContext, context, template, counter, cancellationToken).ConfigureAwait(false);
            var (baseline, baselineTokens, baselineLatency) = await CompleteAsync(fileOnly, context, template, counter, cancellationToken).ConfigureAwait(false);
            samples.Add(new EvalSample(
                path, before[..start].Count(c => c == '\n') + 1, expected, suggestion, baseline,
                ContextRecall.Of(expected, DeclaredElsewhere, FimTemplate.Render(withContext)),
                ContextRecall.Of(expected, DeclaredElsewhere, FimTemplate.Render(fileOnly)),
                tokens, baselineTokens, contextMs, latency is null ? null : latency + contextMs, baselineLatency));
            progress?.Report(samples.Count);
        }

        return Summarize(samples, engine?.Model.Name, engine is null ? "estimated: 4 characters a token (no model)" : "the model's tokenizer");
    }

    private async Task<(string? Suggestion, int PromptTokens, double? LatencyMs)> CompleteAsync(
        IReadOnlyList<PromptPart> prompt, CompletionContext context, FimTemplate template, ITokenCounter counter, CancellationToken cancellationToken)
    {
        if (engine is null)
        {
            return (null, prompt.Sum(p => p.Kind == PromptPartKind.SpecialToken ? 1 : counter.Count(p.Value)), null);
        }

        var statistics = new GenerationStatistics();
        var request = new GenerationRequest(prompt, options.MaxTokensFor(context.Mode), options.TimeBudget, template.StopTokens, statistics);
        var clock = Stopwatch.StartNew();
        try
        {
            var suggestion = await CompletionService.SuggestAsync(engine, request, context, cancellationToken).ConfigureAwait(false);
            return (suggestion, statistics.PromptTokens, clock.Elapsed.TotalMilliseconds);
        }
        catch (PromptTooLongException)
        {
            return ("", prompt.Sum(p => p.Kind == PromptPartKind.SpecialToken ? 1 : counter.Count(p.Value)), clock.Elapsed.TotalMilliseconds);
        }
    }

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

            sites.AddRange(StatementSites.In(CSharpDeclarations.Parse(text, path)).Select(s => (path, text, s.Start, s.End)));
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
            samples);
    }

    private static bool Same(string expected, string? actual) => Normalize(expected) == Normalize(actual);

    /// <summary>Whitespace runs as one space: a suggestion that differs only in line breaks or indentation is the same code.</summary>
    private static string Normalize(string? code) => string.Join(' ', (code ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
