using System.Text;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodePilotLocal.Core.Caching;
using CodePilotLocal.Core.Chat;
using CodePilotLocal.Core.Decoding;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Core.Guidance;
using CodePilotLocal.Inference.Gguf;
using CodePilotLocal.Inference.Models;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Inference.LlamaSharp;

/// <summary>
/// Runs a GGUF model on llama.cpp through LLamaSharp. One context serves every request in turn. Its KV
/// cache holds the live place; places the user left are kept in host memory within the budget (see
/// <see cref="WarmPlaces"/>) and put back when the user returns; a new prompt evaluates only what the
/// place it goes to does not hold yet.
/// </summary>
public sealed class LlamaSharpEngine : IInferenceEngine
{
    private const int MinimumGenerationRoom = 16;

    /// <summary>Tokens evaluated in front of moved chunks before the whole prompt is evaluated afresh:
    /// moved chunks keep attention computed in an older context, and this bounds how old it gets.</summary>
    private const int MaxStaleTokens = 256;

    /// <summary>
    /// A prewarm evaluates in batches this small: a decode cannot be stopped midway, and the keystroke that cancels a
    /// prewarm waits for its batch in flight (512 tokens took ~4 s on two cores; the work is kept, but the wait is felt).
    /// </summary>
    private const int PrewarmBatchSize = 128;

    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly TokenTable _tokens;
    private readonly SafeLLamaSamplerChainHandle _sampler;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ComputeThread _compute = ComputeThread.Shared;
    private readonly LLamaSeqId _live = (LLamaSeqId)0;
    private readonly LLamaSeqId _parking = (LLamaSeqId)1;
    private readonly int _contextSize;

    /// <summary>The tokens the live place holds, in position order.</summary>
    private readonly List<LLamaToken> _liveTokens = [];

    /// <summary>Tokens evaluated in front of moved chunks since the live place was last evaluated afresh.</summary>
    private int _staleTokens;

    /// <summary>Places left, least recently used first.</summary>
    private readonly List<KeptPlace> _kept = [];
    private readonly long _keptBudget;
    private readonly int _draftTokens;
    private readonly LLamaBatch _batch = new();
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private readonly int _cacheReuseChunk;
    private readonly bool _canShift;
    private readonly Lazy<VocabularyTrie> _vocabulary;
    private bool _disposed;

    private LlamaSharpEngine(ModelInfo model, TokenTable tokens, LLamaWeights weights, LLamaContext context, InferenceOptions options, ILogger logger)
    {
        _contextSize = options.ContextSizeFor(model);
        _keptBudget = options.WarmPlacesBytes;
        _draftTokens = options.DraftTokens;
        Model = model;
        _tokens = tokens;
        _weights = weights;
        _context = context;
        _batchSize = options.BatchSize;
        _cacheReuseChunk = options.CacheReuseChunk;
        _canShift = context.NativeHandle.MemoryCanShift;
        _logger = logger;
        _sampler = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        _sampler.AddGreedySampler();
        _vocabulary = new(() => VocabularySpellings.Build(weights.NativeHandle));
    }

    public ModelInfo Model { get; }

    public GuidanceSupport Guidance => GuidanceSupport.TokenMasks;

    /// <summary>The vocabulary's byte spellings, built on first use (tens of milliseconds for 150k tokens).</summary>
    public VocabularyTrie Vocabulary => _vocabulary.Value;

    public IVocabularyLookup Tokens => _tokens;

    /// <summary>Host memory that the places left hold now.</summary>
    internal long KeptBytes => _kept.Sum(p => p.Bytes);

    /// <summary>The longest prompt and answer one request may have.</summary>
    public int ContextSize => _contextSize;

    public int Threads => _context.GenerationThreads;

    /// <exception cref="ModelLoadException">Missing, truncated, foreign, vocabulary-only or unloadable file.</exception>
    public static async Task<LlamaSharpEngine> LoadAsync(string path, InferenceOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        NativeLlama.EnsureConfigured(logger);
        var (model, tokens) = Inspect(path);
        var contextSize = options.ContextSizeFor(model);
        var threads = options.ThreadsFor(model);
        var kvType = options.KvCacheType switch
        {
            "f16" => GGMLType.GGML_TYPE_F16,
            "q8_0" => GGMLType.GGML_TYPE_Q8_0,
            "q4_0" => GGMLType.GGML_TYPE_Q4_0,
            var other => throw new ModelLoadException($"Unknown KV cache type '{other}': use {string.Join(", ", InferenceOptions.KvCacheTypes)}."),
        };
        // llama.cpp refuses such a context, and LLamaSharp then crashes on the null handle: refuse it first.
        if (kvType != GGMLType.GGML_TYPE_F16 && model.KeyLength is { } keyLength && keyLength % 32 != 0)
        {
            throw new ModelLoadException(
                $"KV cache type {options.KvCacheType} needs attention heads whose size is a multiple of 32; {model.Name} has {keyLength}. Use --kv-type f16.");
        }
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)contextSize,
            GpuLayerCount = options.GpuLayers,
            Threads = threads,
            BatchThreads = threads,
            BatchSize = (uint)options.BatchSize,
            FlashAttention = options.FlashAttention,
            // Map the file instead of copying it: loads from the page cache and shares pages between processes.
            LoadMode = LLamaLoadMode.MemoryMap,
            TypeK = kvType,
            TypeV = kvType,
            // The live place and a sequence that parks moved chunks (see ParkMovedChunks), sharing cells.
            SeqMax = 2,
            KVUnified = true,
        };

        LLamaWeights weights;
        try
        {
            weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (LoadWeightsFailedException e)
        {
            throw new ModelLoadException(
                $"llama.cpp could not load {path} (architecture '{model.Architecture}'): the architecture may be unsupported by this llama.cpp build, or the file damaged. See the log for llama.cpp's reason.", e);
        }

        try
        {
            var context = weights.CreateContext(parameters, logger);
            logger.LogInformation(
                "Loaded {Name} ({Architecture}, {Parameters:N0} parameters) with context {Context}, {Threads} threads, FIM template {Template}",
                model.Name, model.Architecture, model.ParameterCount, contextSize, threads, model.FimTemplate?.Name ?? "none");
            var engine = new LlamaSharpEngine(model, tokens, weights, context, options, logger);
            _ = Task.Run(() => engine._vocabulary.Value, CancellationToken.None); // ready before the first guided request needs it
            return engine;
        }
        catch (Exception e) when (e is RuntimeError or LLamaDecodeError)
        {
            weights.Dispose();
            throw new ModelLoadException($"llama.cpp could not create a context for {path}: {e.Message}", e);
        }
    }

    private static (ModelInfo Model, TokenTable Tokens) Inspect(string path)
    {
        try
        {
            var model = ModelInspector.Inspect(GgufReader.Read(path), out var tokens);
            if (model.IsVocabularyOnly)
            {
                throw new ModelLoadException(
                    $"{path} is a vocabulary-only GGUF (no weight tensors): it can tokenize but not generate.");
            }

            var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            if (model.FileSize > available)
            {
                throw new ModelLoadException(
                    $"{path} needs {model.FileSize / (1 << 20):N0} MiB but this machine allows {available / (1 << 20):N0} MiB. Use a smaller quantization.");
            }

            return (model, tokens);
        }
        catch (FileNotFoundException e)
        {
            throw new ModelLoadException(e.Message, e);
        }
        catch (GgufFormatException e)
        {
            throw new ModelLoadException(e.Message, e);
        }
    }

    public async IAsyncEnumerable<string> GenerateAsync(
        GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var statistics = request.Statistics;
            var tokenizing = Stopwatch.StartNew();
            var prompt = Tokenize(request.Prompt);
            statistics.TokenizeTime = tokenizing.Elapsed;
            // Generate as much as fits; refuse only when the prompt leaves no useful room.
            var maxTokens = Math.Min(request.MaxTokens, ContextSize - prompt.Count);
            if (maxTokens < Math.Min(request.MaxTokens, MinimumGenerationRoom))
            {
                throw new PromptTooLongException(prompt.Count, request.MaxTokens, ContextSize);
            }

            maxTokens = Math.Min(maxTokens, request.TokensToGenerate);

            var stopTokens = request.StopTokens.Select(_tokens.IdOf).OfType<int>().ToHashSet();
            var clock = Stopwatch.StartNew();
            var logitsIndex = await _compute.RunAsync(() =>
            {
                BackgroundJitPriority.Lower();
                _sampler.Reset();
                return EvaluatePrompt(prompt, statistics, request.PromptOnly ? Math.Min(_batchSize, PrewarmBatchSize) : _batchSize, cancellationToken);
            }).ConfigureAwait(false);
            statistics.PromptTime = clock.Elapsed;

            clock.Restart();
            var guide = request.Guidance is { } guidance ? new DecodingGuide(Vocabulary, guidance) : null;
            var decoder = new StreamingTokenDecoder(_context) { DecodeSpecialTokens = false };
            LLamaToken? pending = null;
            var ready = new Queue<LLamaToken>();
            statistics.StopReason = "max-tokens";
            for (var generated = 0; generated < maxTokens; generated++)
            {
                if (ready.Count == 0)
                {
                    var (previous, index, room) = (pending, logitsIndex, maxTokens - generated - 1);
                    var next = await _compute.RunAsync(() =>
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        return clock.Elapsed > request.TimeBudget ? [] : NextTokens(previous, index, room, guide, stopTokens, statistics, cancellationToken);
                    }).ConfigureAwait(false);
                    logitsIndex = 0;
                    if (next.Count == 0)
                    {
                        statistics.StopReason = "time-budget";
                        break;
                    }

                    next.ForEach(ready.Enqueue);
                }

                var sampled = ready.Dequeue();
                if (IsStop(sampled, stopTokens))
                {
                    statistics.StopReason = "end-of-text";
                    break;
                }

                statistics.GeneratedTokens++;
                statistics.GenerationTime = clock.Elapsed;
                pending = ready.Count == 0 ? sampled : null; // the tokens before the last one of a step are in the cache already
                decoder.Add(sampled);
                var text = decoder.Read();
                if (text.Length > 0)
                {
                    yield return text;
                }
            }

            statistics.GenerationTime = clock.Elapsed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Evaluates the token chosen last (once its text has been taken: a consumer that stops after reading
    /// it costs no extra forward pass) and chooses the next. Where the tokens written last occurred before,
    /// what followed them then is evaluated in the same batch as a guess (<see cref="PromptLookup"/>), and
    /// every guess the model would have chosen itself is taken: one forward pass for several tokens, the
    /// same tokens as one at a time. Returns the tokens chosen, of which all but the last are in the cache.
    /// </summary>
    private List<LLamaToken> NextTokens(
        LLamaToken? previous, int logitsIndex, int room, DecodingGuide? guide, HashSet<int> stopTokens, GenerationStatistics statistics, CancellationToken cancellationToken)
    {
        LLamaToken Choose(int index) => guide is null ? _sampler.Sample(_context.NativeHandle, index) : SampleGuided(guide, index);
        if (previous is not { } token)
        {
            return [Choose(logitsIndex)];
        }

        var draft = _draftTokens > 0 && room > 0
            ? PromptLookup.Draft([.. _liveTokens.Select(t => (int)t), (int)token], Math.Min(_draftTokens, room)).Select(t => (LLamaToken)t).ToList()
            : [];
        var position = _liveTokens.Count;
        Decode([token, .. draft], position, logitsForLast: true, cancellationToken, logitsForAll: draft.Count > 0);
        _liveTokens.Add(token);
        var chosen = new List<LLamaToken>();
        for (var i = 0; ; i++)
        {
            var next = Choose(i);
            chosen.Add(next);
            if (i == draft.Count || next != draft[i] || IsStop(next, stopTokens))
            {
                break;
            }

            _liveTokens.Add(next); // a guess taken: evaluated already
        }

        if (draft.Count > 0)
        {
            statistics.DraftTokens += draft.Count;
            statistics.AcceptedDraftTokens += chosen.Count - 1;
            _context.NativeHandle.MemorySequenceRemove(_live, _liveTokens.Count, -1); // the guesses not taken
        }

        return chosen;
    }

    /// <summary>The request's stop tokens and the model's end-of-generation tokens end an answer.</summary>
    private bool IsStop(LLamaToken token, HashSet<int> stopTokens) => stopTokens.Contains((int)token) || token.IsEndOfGeneration(_weights.Vocab);

    /// <summary>
    /// Masks the logits where the guide knows what may come next, samples, and samples again while the guide
    /// refuses the choice. The model's first choice costs nothing extra, so only the guide's work is timed.
    /// </summary>
    private LLamaToken SampleGuided(DecodingGuide guide, int logitsIndex)
    {
        var started = Stopwatch.GetTimestamp();
        var logits = Span<float>.Empty;
        if (guide.NextMask() is { } mask)
        {
            logits = _context.NativeHandle.GetLogitsIth(logitsIndex);
            mask.Apply(logits);
        }

        var guiding = Stopwatch.GetElapsedTime(started);
        var token = _sampler.Sample(_context.NativeHandle, logitsIndex);
        started = Stopwatch.GetTimestamp();
        while (guide.Veto((int)token) is { } veto)
        {
            if (logits.IsEmpty)
            {
                logits = _context.NativeHandle.GetLogitsIth(logitsIndex);
            }

            veto.Apply(logits);
            token = _sampler.Sample(_context.NativeHandle, logitsIndex);
        }

        guide.Accept((int)token);
        guide.Report.AddTiming((guiding + Stopwatch.GetElapsedTime(started)).TotalMicroseconds);
        return token;
    }

    public IReadOnlyList<PromptPart> ChatPrompt(IReadOnlyList<ChatMessage> messages)
    {
        if (!Model.HasChatTemplate)
        {
            throw new ChatTemplateMissingException(Model.Name);
        }

        return ChatMarkup.Build(messages, placeholders =>
        {
            try
            {
                var template = new LLamaTemplate(_weights, strict: true) { AddAssistant = true };
                foreach (var message in placeholders)
                {
                    template.Add(message.Role, message.Content);
                }

                return Encoding.UTF8.GetString(template.Apply());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // llama.cpp applies only the templates it knows (ChatML, Llama 2/3, Gemma, DeepSeek, Phi, ...).
                throw new ChatTemplateMissingException(Model.Name, "has a chat template llama.cpp cannot apply");
            }
        });
    }

    /// <summary>Tokens of plain text (special-token text counted as text, as in prompts). The tokenizer only reads the vocabulary, so this runs beside generation.</summary>
    public int Count(string text) => text.Length == 0 ? 0 : _context.Tokenize(text, addBos: false, special: false).Length;

    private List<LLamaToken> Tokenize(IReadOnlyList<PromptPart> prompt)
    {
        var tokens = new List<LLamaToken>(1024);
        if (_weights.Vocab.ShouldAddBOS && _weights.Vocab.BOS is { } bos)
        {
            tokens.Add(bos);
        }

        foreach (var part in prompt)
        {
            if (part.Kind == PromptPartKind.SpecialToken)
            {
                tokens.Add(_tokens.IdOf(part.Value)
                    ?? throw new InvalidOperationException($"The vocabulary has no token '{part.Value}'."));
            }
            else if (part.Value.Length > 0)
            {
                tokens.AddRange(_context.Tokenize(part.Value, addBos: false, special: part.Kind == PromptPartKind.Markup));
            }
        }

        return tokens;
    }

    /// <summary>Puts the prompt in the place that holds most of it, reuses what that place holds and evaluates the rest; returns the logits index.</summary>
    private int EvaluatePrompt(List<LLamaToken> prompt, GenerationStatistics statistics, int batchSize, CancellationToken cancellationToken)
    {
        var promptIds = prompt.ConvertAll(t => (int)t);
        var chunkReuse = _canShift && _cacheReuseChunk > 0 ? _cacheReuseChunk : 0;
        var choice = WarmPlaces.Choose(_liveTokens.ConvertAll(t => (int)t), _kept.ConvertAll(p => (IReadOnlyList<int>)p.Tokens), promptIds, chunkReuse);
        var restore = choice.Restore >= 0 ? _kept[choice.Restore] : null;
        if (choice.KeepLive)
        {
            KeepLivePlace();
        }

        statistics.ResumedPlace = restore is not null && Restore(restore);
        foreach (var index in WarmPlaces.OverBudget(_kept.ConvertAll(p => p.Bytes), _keptBudget).Reverse())
        {
            _kept[index].Dispose();
            _kept.RemoveAt(index);
        }

        var cached = _liveTokens.ConvertAll(t => (int)t);
        var plan = KvReusePlan.Create(cached, promptIds, _staleTokens < MaxStaleTokens ? chunkReuse : 0);
        _staleTokens = plan.IsPrefixOnly ? 0 : _staleTokens + plan.TokensBeforeMovedChunks;
        statistics.PromptTokens = prompt.Count;
        statistics.ReusedPromptTokens = plan.ReusedTokens;
        var moved = ParkMovedChunks(plan);

        _liveTokens.RemoveRange(plan.CommonPrefix, _liveTokens.Count - plan.CommonPrefix);
        try
        {
            var last = 0;
            foreach (var range in plan.ToEvaluate)
            {
                UnparkChunksBefore(moved, range.Start);
                for (var start = range.Start; start < range.Start + range.Length; start += batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = prompt.GetRange(start, Math.Min(batchSize, range.Start + range.Length - start));
                    last = Decode(chunk, start, logitsForLast: start + chunk.Count == prompt.Count, cancellationToken);
                    if (plan.IsPrefixOnly)
                    {
                        _liveTokens.AddRange(chunk); // still a contiguous prefix: a cancelled request leaves a usable cache
                    }
                }
            }

            if (!plan.IsPrefixOnly)
            {
                _liveTokens.Clear();
                _liveTokens.AddRange(prompt);
            }

            return last;
        }
        catch (OperationCanceledException) when (!plan.IsPrefixOnly)
        {
            ClearLivePlace(); // moved chunks with holes between them: not a state worth keeping
            throw;
        }
    }

    /// <summary>Saves the live place's cells to host memory, most recently used last.</summary>
    private void KeepLivePlace()
    {
        if ((long)_context.NativeHandle.GetStateSize(_live) > _keptBudget)
        {
            return;
        }

        var state = _context.GetState(_live);
        _kept.Add(new KeptPlace(_liveTokens.ConvertAll(t => (int)t).ToArray(), _staleTokens, state));
    }

    /// <summary>Replaces the live place with a kept one (which then stops being kept); false where llama.cpp could not take it back.</summary>
    private bool Restore(KeptPlace place)
    {
        _kept.Remove(place);
        ClearLivePlace();
        using (place)
        {
            _context.LoadState(place.State, _live);
            if (_context.NativeHandle.MemorySequenceMaxPosition(_live) != place.Tokens.Length - 1)
            {
                _logger.LogWarning("llama.cpp did not take back a kept place of {Tokens} tokens; evaluating it again", place.Tokens.Length);
                ClearLivePlace();
                return false;
            }
        }

        _liveTokens.AddRange(place.Tokens.Select(t => (LLamaToken)t));
        _staleTokens = place.StaleTokens;
        return true;
    }

    private void ClearLivePlace()
    {
        _context.NativeHandle.MemorySequenceRemove(_live, -1, -1);
        _context.NativeHandle.MemorySequenceRemove(_parking, -1, -1);
        _liveTokens.Clear();
        _staleTokens = 0;
    }

    /// <summary>
    /// Keeps the common prefix in the main sequence, drops what the plan does not reuse, and parks the
    /// chunks that move in a second sequence at their new positions. llama.cpp only accepts a batch
    /// whose positions follow the sequence's last one, so each parked chunk joins the main sequence
    /// just before the text that follows it is evaluated.
    /// </summary>
    private Queue<KvChunk> ParkMovedChunks(KvReusePlan plan)
    {
        var memory = _context.NativeHandle;
        var moved = new Queue<KvChunk>(plan.Reused.Where(c => c.PromptPosition > 0 || c.CachePosition > 0));
        foreach (var chunk in moved)
        {
            memory.MemorySequenceCopy(_live, _parking, chunk.CachePosition, chunk.CachePosition + chunk.Length);
        }

        memory.MemorySequenceRemove(_live, plan.CommonPrefix, -1);
        // Back-moving chunks lowest first, then forward-moving ones highest first: in that order no chunk
        // lands inside a range that is still to move.
        foreach (var chunk in moved.Where(c => c.Shift < 0).Concat(moved.Where(c => c.Shift > 0).Reverse()))
        {
            memory.MemorySequenceAdd(_parking, chunk.CachePosition, chunk.CachePosition + chunk.Length, chunk.Shift);
        }

        return moved;
    }

    private void UnparkChunksBefore(Queue<KvChunk> moved, int position)
    {
        var memory = _context.NativeHandle;
        while (moved.TryPeek(out var chunk) && chunk.PromptPosition < position)
        {
            memory.MemorySequenceCopy(_parking, _live, chunk.PromptPosition, chunk.PromptPosition + chunk.Length);
            memory.MemorySequenceRemove(_parking, chunk.PromptPosition, chunk.PromptPosition + chunk.Length);
            moved.Dequeue();
        }
    }

    /// <summary>Evaluates tokens at consecutive positions from <paramref name="position"/>; returns the batch index whose logits were kept.</summary>
    private int Decode(IReadOnlyList<LLamaToken> tokens, int position, bool logitsForLast, CancellationToken cancellationToken, bool logitsForAll = false)
    {
        var batch = _batch;
        batch.Clear();
        for (var i = 0; i < tokens.Count; i++)
        {
            batch.Add(tokens[i], position + i, _live, logitsForAll || logitsForLast && i == tokens.Count - 1);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = _context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            ResetCache();
            throw new InvalidOperationException($"llama.cpp decode failed: {result}.");
        }

        return batch.TokenCount - 1;
    }

    private void ResetCache()
    {
        _context.NativeHandle.MemoryClear(true);
        _liveTokens.Clear();
        _staleTokens = 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        _disposed = true;
        await _compute.RunAsync(() =>
        {
            _sampler.Dispose();
            _kept.ForEach(p => p.Dispose());
            _context.Dispose();
            _weights.Dispose();
            return true;
        }).ConfigureAwait(false);
        _gate.Release();
        _logger.LogDebug("Model {Name} unloaded", Model.Name);
    }
}
