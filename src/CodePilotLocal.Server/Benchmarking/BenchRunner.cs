using System.Diagnostics;
using CodePilotLocal.Core.Benchmarking;
using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Inference.Remote;

namespace CodePilotLocal.Server.Benchmarking;

/// <summary>
/// Replays an editing session: after each step, ask for a suggestion and time the answer, then wait
/// out the rest of the typing interval as a person would. Requests never overlap, so each latency is
/// the time to first suggestion for that keystroke. Where the cursor lands somewhere new, the person
/// first reads for the dwell time: our side prewarms then, as our editors do (codepilot/prewarm); the
/// peer is driven as its own clients drive it, which send nothing until a keystroke.
/// </summary>
public static class BenchRunner
{
    /// <summary>Through the server's own completion path (window, repository context, prompt, KV reuse, suggestion cache, post-processing).</summary>
    /// <param name="file">The edited file's path: inside an indexed workspace, its prompts get the repository context.</param>
    public static async Task<BenchSide> RunAsync(
        CodePilotServices services, string file, IReadOnlyList<EditStep> steps, TimeSpan typingInterval, TimeSpan dwell, CancellationToken cancellationToken)
    {
        var uri = new Uri(Path.GetFullPath(file));
        var guidance = new List<double>();
        var sites = 0;
        var warmPlaceHits = 0;
        var landings = new List<(double Total, Inference.GenerationStatistics Statistics)>();
        var repositoryContexts = new List<IReadOnlyList<ContextSnippet>>();
        var side = await ReplayAsync("codepilot", steps, typingInterval, dwell, step =>
            services.Prewarm(uri, step.Text, new TextSnapshot(step.Text).ToPosition(step.CursorOffset)), async step =>
        {
            var position = new TextSnapshot(step.Text).ToPosition(step.CursorOffset);
            var asked = Stopwatch.StartNew();
            var result = await services.CompleteTextAsync(uri, step.Text, position, cancellationToken).ConfigureAwait(false);
            if (step.Kind == EditKind.MoveCursor && services.LastStatistics is { } landed)
            {
                landings.Add((asked.Elapsed.TotalMilliseconds, landed));
            }

            repositoryContexts.Add(services.LastStatistics is null && repositoryContexts.Count > 0 ? repositoryContexts[^1] : services.LastRepository ?? []);
            guidance.AddRange(services.LastGuidance?.MicrosecondsPerToken ?? []);
            sites += services.LastGuidance?.Sites.Count ?? 0;
            warmPlaceHits += services.LastStatistics?.ResumedPlace == true ? 1 : 0;
            return services.LastStatistics is { } statistics
                ? new StepOutcome(result is not null, true, statistics.PromptTokens, statistics.ReusedPromptTokens,
                    statistics.GeneratedTokens, statistics.GenerationTime.TotalSeconds)
                : new StepOutcome(result is not null, false, 0, 0, 0, 0);
        }, () => Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0, cancellationToken).ConfigureAwait(false);
        return side with
        {
            GuidanceMicroseconds = guidance, GuardedSites = sites, WarmPlaceHits = warmPlaceHits, Landing = Breakdown(landings), RepositoryContexts = repositoryContexts,
            ManagedHeapMegabytes = GC.GetGCMemoryInfo().HeapSizeBytes / 1024.0 / 1024.0,
        };
    }

    /// <summary>
    /// The same steps against llama-server's /infill, with the same prefix/suffix window, repository context
    /// (as `input_extra`, where llama.vscode puts its context chunks), token limit and time budget our side
    /// used; every keystroke is a request, as llama-server has no suggestion cache of its own.
    /// </summary>
    /// <param name="ours">Our side's run of the same steps, for the repository context of each request.</param>
    public static Task<BenchSide> RunAgainstAsync(
        LlamaServerClient client, IReadOnlyList<EditStep> steps, BenchSide ours, CompletionOptions options, TimeSpan typingInterval, TimeSpan dwell,
        Func<double?> peakRss, CancellationToken cancellationToken)
    {
        var request = 0;
        return ReplayAsync("llama-server", steps, typingInterval, dwell, _ => { }, async step =>
        {
            var repository = request < ours.RepositoryContexts.Count ? ours.RepositoryContexts[request] : [];
            request++;
            var result = await InfillAsync(client, step, repository, options, cancellationToken).ConfigureAwait(false);
            return new StepOutcome(result.Content.Trim().Length > 0, true, result.PromptTokensEvaluated + result.PromptTokensCached,
                result.PromptTokensCached, result.PredictedTokens, result.PredictedMilliseconds / 1000, result.Error, result.Finished);
        }, peakRss, cancellationToken);
    }

    /// <param name="landed">What the side does when the cursor lands somewhere new, before the dwell.</param>
    private static async Task<BenchSide> ReplayAsync(
        string name, IReadOnlyList<EditStep> steps, TimeSpan typingInterval, TimeSpan dwell, Action<EditStep> landed,
        Func<EditStep, Task<StepOutcome>> ask, Func<double?> peakRss, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var outcomes = new List<StepOutcome>();
        foreach (var step in steps)
        {
            if (step.Kind == EditKind.MoveCursor && dwell > TimeSpan.Zero)
            {
                landed(step);
                await Task.Delay(dwell, cancellationToken).ConfigureAwait(false);
            }

            var clock = Stopwatch.StartNew();
            outcomes.Add(await ask(step).ConfigureAwait(false));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            var rest = typingInterval - clock.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken).ConfigureAwait(false);
            }
        }

        return new BenchSide
        {
            Name = name,
            Latencies = latencies,
            Unfinished = outcomes.ConvertAll(o => !o.Finished),
            Errors = outcomes.Count(o => o.Error is not null),
            FirstError = outcomes.Select(o => o.Error).FirstOrDefault(e => e is not null),
            ModelCalls = outcomes.Count(o => o.UsedModel),
            CacheHits = outcomes.Count(o => !o.UsedModel),
            Suggestions = outcomes.Count(o => o.Suggested),
            PromptTokens = outcomes.Sum(o => (long)o.PromptTokens),
            ReusedPromptTokens = outcomes.Sum(o => (long)o.ReusedPromptTokens),
            GeneratedTokens = outcomes.Sum(o => (long)o.GeneratedTokens),
            GenerationSeconds = outcomes.Sum(o => o.GenerationSeconds),
            TypingTokens = (
                outcomes.Where((_, i) => steps[i].Kind != EditKind.MoveCursor).Sum(o => (long)o.PromptTokens),
                outcomes.Where((_, i) => steps[i].Kind != EditKind.MoveCursor).Sum(o => (long)o.ReusedPromptTokens)),
            PeakRssMegabytes = peakRss(),
        };
    }

    private static ColdRequestBreakdown? Breakdown(List<(double Total, Inference.GenerationStatistics Statistics)> landings) =>
        landings.Count == 0 ? null : new ColdRequestBreakdown(
            landings.Count,
            landings.Average(l => l.Total),
            landings.Average(l => l.Statistics.ContextTime.TotalMilliseconds),
            landings.Average(l => l.Statistics.TokenizeTime.TotalMilliseconds),
            landings.Average(l => l.Statistics.PromptTime.TotalMilliseconds),
            landings.Average(l => l.Statistics.GenerationTime.TotalMilliseconds),
            landings.Average(l => (double)l.Statistics.EvaluatedPromptTokens));

    /// <summary>Shrinks the window as our server does when a prompt does not fit, so both sides see the same prompt.</summary>
    private static async Task<InfillResult> InfillAsync(
        LlamaServerClient client, EditStep step, IReadOnlyList<ContextSnippet> repository, CompletionOptions options, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var context = CompletionContextFactory.Create(step.Text, step.CursorOffset, options);
            var extra = repository.Select(s => (s.Path, s.Text)).ToList();
            var result = await client.InfillAsync(context.Prefix, context.Suffix, extra, options.MaxTokensFor(context.Mode), options.TimeBudget, cancellationToken)
                .ConfigureAwait(false);
            if (result.Error?.Contains("exceed_context_size", StringComparison.Ordinal) != true || attempt == Services.CompletionService.MaxWindowShrinks)
            {
                return result;
            }

            options = options.WithHalfTheWindow();
            repository = repository.Take(repository.Count / 2).ToList(); // as our side halves it
        }
    }

    /// <summary>What asking for one suggestion cost; Error is set when the server answered with one, Finished where it did the whole work all the same.</summary>
    private readonly record struct StepOutcome(
        bool Suggested, bool UsedModel, int PromptTokens, int ReusedPromptTokens, int GeneratedTokens, double GenerationSeconds, string? Error = null, bool Finished = true);
}
