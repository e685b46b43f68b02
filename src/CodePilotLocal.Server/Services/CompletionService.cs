using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using CodePilotLocal.Core.Caching;
using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Core.PostProcessing;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Remote;
using CodePilotLocal.Server.Documents;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// One completion, top to bottom: cut the window around the cursor, answer from the suggestion cache
/// if it can, else build the model's FIM prompt, stream tokens until the post-processor would cut
/// anyway, post-process and remember. A newer request for the same document cancels the running one;
/// an identical one joins it.
/// </summary>
internal sealed class CompletionService(ModelService models, ContextService contexts, WorkspaceState workspace, ILogger<CompletionService> logger)
{
    public const int MaxWindowShrinks = 3;
    private readonly LatestRequestTracker _latest = new();
    private readonly ConcurrentDictionary<Uri, InFlight> _inFlight = new();
    private readonly SuggestionCache _suggestions = new();
    private SuggestionSource? _cacheSource;
    private int _modelCalls;

    /// <summary>The document changed or closed: what runs for it is stale.</summary>
    public void DocumentChanged(Uri document)
    {
        _latest.CancelRunning(document);
        _inFlight.TryRemove(document, out _);
    }

    /// <summary>How many completions needed the model (the others were answered by the cache or by joining).</summary>
    public int ModelCalls => Volatile.Read(ref _modelCalls);

    /// <summary>Statistics of the model call made by the most recent completion; null when it needed none (cache hit).</summary>
    public GenerationStatistics? LastStatistics { get; private set; }

    /// <summary>What healing, the guard and the compile check did in the most recent completion; null when it needed no model call.</summary>
    public GuidanceOutcome? LastGuidance { get; private set; }

    /// <summary>The repository context the most recent completion's prompt carried; null when it needed no model call.</summary>
    public IReadOnlyList<ContextSnippet>? LastRepository { get; private set; }

    /// <returns>The suggestion, or null when there is nothing to show (no model, nothing useful, superseded).</returns>
    /// <exception cref="PositionOutOfRangeException">The position is outside the document.</exception>
    /// <exception cref="OperationCanceledException">The request itself was cancelled.</exception>
    public Task<CompletionResult?> CompleteAsync(OpenDocument document, LinePosition position, CancellationToken cancellationToken)
    {
        var text = document.Text;
        var offset = text.ToOffset(position);
        if (!workspace.Settings.Enabled)
        {
            return Task.FromResult<CompletionResult?>(null);
        }

        // The same question while it is being answered (a prefetch, or a client asking twice) joins it.
        if (_inFlight.TryGetValue(document.Uri, out var running) && !running.Answer.IsCompleted
            && running.Offset == offset && running.Text == text.Text)
        {
            return JoinAsync(running.Answer, cancellationToken);
        }

        var lease = _latest.Begin(document.Uri, cancellationToken);
        var answer = RunAsync(document, offset, lease, cancellationToken);
        _inFlight[document.Uri] = new InFlight(text.Text, offset, answer);
        return answer;
    }

    /// <summary>Computes the suggestion at a position in the background, so that the editor's next request finds it ready.</summary>
    public void Prefetch(OpenDocument document, LinePosition position)
    {
        _ = CompleteAsync(document, position, CancellationToken.None).ContinueWith(
            t => logger.LogDebug("Prefetch at {Position} failed: {Error}", position, t.Exception?.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>
    /// Evaluates the prompt for a position without generating, so the KV cache holds it when the user
    /// starts typing there. Never displaces a real request; any real request or edit displaces it.
    /// </summary>
    public async Task PrewarmAsync(OpenDocument document, LinePosition position)
    {
        var offset = document.Text.ToOffset(position);
        if (!workspace.Settings.Enabled || _latest.IsRunning(document.Uri)
            || await models.GetEngineAsync(CancellationToken.None).ConfigureAwait(false) is not { Model.FimTemplate: { } template } engine)
        {
            return;
        }

        using var lease = _latest.Begin(document.Uri, CancellationToken.None);
        var options = workspace.Settings.Completion;
        var text = document.Text.Text;
        try
        {
            // The prompt the request will send: the same window (halved where it would not fit, as the
            // request halves it), the same repository context, the word at the cursor healed away.
            var repository = await GatherAsync(document.Uri, text, offset, options.ContextTokens, engine, lease.Token).ConfigureAwait(false);
            GenerationRequest request;
            for (var attempt = 0; ; attempt++)
            {
                var context = CompletionContextFactory.Create(text, offset, options);
                var promptContext = CompletionGuidance.PromptContextFor(engine, options, context);
                var prompt = template.Build(CompletionTarget.For(document.Uri, workspace.RootPath).InputFor(promptContext, repository), options.FimOrder);
                request = new GenerationRequest(prompt, options.MaxTokensFor(context.Mode), TimeSpan.Zero, template.StopTokens, new GenerationStatistics()) { PromptOnly = true };
                try
                {
                    await foreach (var _ in engine.GenerateAsync(request, lease.Token).ConfigureAwait(false))
                    {
                    }

                    break;
                }
                catch (PromptTooLongException) when (attempt < MaxWindowShrinks)
                {
                    options = options.WithHalfTheWindow();
                    repository = repository?.Take(repository.Count / 2).ToList();
                }
            }

            logger.LogDebug("Prewarmed {Tokens} prompt tokens ({Reused} already cached) at {Position}",
                request.Statistics.PromptTokens, request.Statistics.ReusedPromptTokens, position);
        }
        catch (Exception e)
        {
            if (e is RemoteBackendException failure)
            {
                models.ReportFailure(engine, failure);
            }

            // Best effort: a cancelled, too long or failed prewarm only means the next request does the work.
            logger.LogDebug("Prewarm at {Position} stopped: {Reason}", position, e.Message);
        }
    }

    private async Task<CompletionResult?> RunAsync(OpenDocument document, int offset, LatestRequestTracker.Lease lease, CancellationToken cancellationToken)
    {
        using (lease)
        {
            try
            {
                var position = document.Text.ToPosition(offset);
                return await CompleteCoreAsync(document.Uri, document.Text.Text, offset, position, workspace.Settings.Completion, lease.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("Completion for {Uri} superseded by a newer request or an edit", document.Uri);
                return null;
            }
        }
    }

    private static async Task<CompletionResult?> JoinAsync(Task<CompletionResult?> answer, CancellationToken cancellationToken)
    {
        try
        {
            return await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // the request it joined was cancelled by its own client
        }
    }

    /// <summary>What the cached suggestions were made with.</summary>
    private sealed record SuggestionSource(IInferenceEngine Engine, bool SemanticGuard, bool TokenHealing);

    private sealed record InFlight(string Text, int Offset, Task<CompletionResult?> Answer);

    private async Task<CompletionResult?> CompleteCoreAsync(
        Uri document, string text, int offset, LinePosition position, CompletionOptions options, CancellationToken cancellationToken)
    {
        var engine = await models.GetEngineAsync(cancellationToken).ConfigureAwait(false);
        if (engine?.Model.FimTemplate is not { } template)
        {
            return null;
        }

        var source = new SuggestionSource(engine, options.SemanticGuard, options.TokenHealing);
        if (Interlocked.Exchange(ref _cacheSource, source) != source)
        {
            _suggestions.Clear(); // another model or other guidance, other answers
        }

        var clock = Stopwatch.StartNew();
        LastStatistics = null;
        LastGuidance = null;
        LastRepository = null;
        var context = CompletionContextFactory.Create(text, offset, options);
        if (_suggestions.Find(context.Prefix, context.Suffix) is { } cached)
        {
            logger.LogDebug("Completion served from the suggestion cache in {Elapsed} ms", clock.ElapsedMilliseconds);
            return cached.Length == 0
                ? null
                : new CompletionResult(cached, position, context.Mode, engine.Model.Name, new GenerationStatistics { StopReason = "cache" }, FromCache: true);
        }

        var target = CompletionTarget.For(document, workspace.RootPath);
        var repository = await GatherAsync(document, text, offset, options.ContextTokens, engine, cancellationToken).ConfigureAwait(false);
        var contextTime = clock.Elapsed;
        var fellBack = false;
        for (var attempt = 0; ; attempt++)
        {
            var statistics = new GenerationStatistics { ContextTime = contextTime };
            LastStatistics = statistics;
            LastRepository = repository;
            Interlocked.Increment(ref _modelCalls);
            var guidance = CompletionGuidance.Prepare(engine, options, context, SemanticsFor(target), target.RelativePath, text, offset);
            var prompt = template.Build(target.InputFor(guidance.PromptContext, repository), options.FimOrder);
            var request = new GenerationRequest(prompt, options.MaxTokensFor(context.Mode), options.TimeBudget, template.StopTokens, statistics) { Guidance = guidance.Request };
            try
            {
                var suggestion = await SuggestAsync(engine, request, context, guidance, cancellationToken).ConfigureAwait(false);
                models.ReportSuccess(engine);
                if (statistics.StopReason != "time-budget")
                {
                    _suggestions.Add(context.Prefix, context.Suffix, suggestion); // a cut-short answer is not the model's last word
                }

                var outcome = LastGuidance = guidance.Outcome;
                logger.LogInformation(
                    "Completion {Mode} in {Elapsed} ms: prompt {Prompt} tokens ({Reused} reused), {Generated} generated ({Stop}), {Chars} chars shown; healed '{Healed}', {Sites} guarded sites, {Cut} missing names cut",
                    context.Mode, clock.ElapsedMilliseconds, statistics.PromptTokens, statistics.ReusedPromptTokens,
                    statistics.GeneratedTokens, statistics.StopReason, suggestion.Length, outcome.Healed, outcome.Sites.Count, outcome.Cut.Count);
                foreach (var fallback in outcome.Fallbacks)
                {
                    logger.LogInformation("Guidance stood aside: {Reason}", fallback);
                }

                return suggestion.Length == 0
                    ? null
                    : new CompletionResult(suggestion, position, context.Mode, engine.Model.Name, statistics, FromCache: false);
            }
            catch (RemoteBackendException e) when (!fellBack)
            {
                // The remote server is down, refused or too slow: in a fallback mode the local model answers now.
                fellBack = true;
                models.ReportFailure(engine, e); // logged there, once per outage
                if (await models.GetEngineAsync(cancellationToken).ConfigureAwait(false) is not { Model.FimTemplate: { } fallbackTemplate } fallback
                    || ReferenceEquals(fallback, engine))
                {
                    return null;
                }

                (engine, template) = (fallback, fallbackTemplate);
            }
            catch (PromptTooLongException e) when (attempt < MaxWindowShrinks)
            {
                logger.LogDebug("{Message} Shrinking the window.", e.Message);
                options = options.WithHalfTheWindow();
                context = CompletionContextFactory.Create(text, offset, options);
                repository = repository?.Take(repository.Count / 2).ToList(); // the most stable half, as the window is halved
            }
        }
    }

    /// <summary>The prompt a completion at this offset would send, with the repository context behind it; null without a model that can complete.</summary>
    /// <exception cref="Indexing.Workspace.PathOutsideWorkspaceException">The document is outside the workspace.</exception>
    public async Task<PromptPreview?> PreviewAsync(Uri document, string text, int offset, CancellationToken cancellationToken)
    {
        if (await models.GetEngineAsync(cancellationToken).ConfigureAwait(false) is not { Model.FimTemplate: { } template } engine)
        {
            return null;
        }

        var options = workspace.Settings.Completion;
        var context = CompletionContextFactory.Create(text, offset, options);
        var gathered = await Task.Run(() => contexts.GatherOrRefuse(document, text, offset, options.ContextTokens, engine, cancellationToken), cancellationToken).ConfigureAwait(false);
        var promptContext = CompletionGuidance.PromptContextFor(engine, options, context); // healing changes the prompt; the guard does not
        var parts = template.Build(CompletionTarget.For(document, workspace.RootPath).InputFor(promptContext, gathered?.Selection.Snippets.Select(c => c.Snippet).ToList()), options.FimOrder);
        var tokens = parts.Sum(p => p.Kind == PromptPartKind.SpecialToken ? 1 : engine.Count(p.Value));
        return new PromptPreview(FimTemplate.Render(parts), tokens, gathered, engine.Model.Name, template.Name);
    }

    /// <summary>The repository snippets for the prompt, chosen off the caller's thread (Roslyn and SQLite work); null without any.</summary>
    public async Task<IReadOnlyList<ContextSnippet>?> GatherAsync(Uri document, string text, int offset, int tokenBudget, ITokenCounter counter, CancellationToken cancellationToken)
    {
        var gathered = await Task.Run(() => contexts.Gather(document, text, offset, tokenBudget, counter, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (gathered is null)
        {
            return null;
        }

        logger.LogDebug("Repository context: {Chosen} of {Candidates} snippets, {Tokens} tokens, in {Elapsed:0.0} ms",
            gathered.Selection.Snippets.Count, gathered.Candidates.Count, gathered.Selection.Tokens, gathered.Elapsed.TotalMilliseconds);
        return gathered.Selection.Snippets.Select(c => c.Snippet).ToList();
    }

    /// <summary>The C# compilation for a workspace C# file (the guard and the compile check); null for anything else.</summary>
    private Indexing.Roslyn.CSharpSemantics? SemanticsFor(CompletionTarget target) =>
        target.RelativePath is { } path && Indexing.Workspace.Languages.For(path) == Indexing.Workspace.Languages.CSharp ? contexts.Index?.CSharp : null;

    /// <summary>The model's part of a completion: generate until the post-processor would cut anyway, then post-process and check that it compiles.</summary>
    public static async Task<string> SuggestAsync(
        IInferenceEngine engine, GenerationRequest request, CompletionContext context, CompletionGuidance guidance, CancellationToken cancellationToken)
    {
        var generated = await GenerateAsync(engine, request, context, guidance, cancellationToken).ConfigureAwait(false);
        return guidance.CheckCompiles(CompletionPipeline.Default.Process(generated, context), cancellationToken);
    }

    private static async Task<string> GenerateAsync(
        IInferenceEngine engine, GenerationRequest request, CompletionContext context, CompletionGuidance guidance, CancellationToken cancellationToken)
    {
        var generated = new StringBuilder();
        await foreach (var piece in engine.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            generated.Append(piece);
            if (generated.Length >= guidance.Healed.Length && CompletionPipeline.Default.IsSettled(guidance.AfterCursor(generated.ToString()), context))
            {
                request.Statistics.StopReason = "settled";
                break;
            }
        }

        return guidance.AfterCursor(generated.ToString());
    }
}
