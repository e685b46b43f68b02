using System.Text;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodePilotLocal.Core.Caching;
using CodePilotLocal.Core.Chat;
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
/// cache keeps several places the user worked in, one sequence each (see <see cref="WarmPlaces"/>),
/// within the memory budget; a new prompt evaluates only what the place it goes to does not hold yet.
/// </summary>
public sealed class LlamaSharpEngine : IInferenceEngine
{
    private const int MinimumGenerationRoom = 16;

    /// <summary>Tokens evaluated in front of moved chunks before the whole prompt is evaluated afresh:
    /// moved chunks keep attention computed in an older context, and this bounds how old it gets.</summary>
    private const int MaxStaleTokens = 256;

    /// <summary>Places kept at most (each a sequence; one more parks moved chunks).</summary>
    public const int MaxPlaces = 8;

    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly TokenTable _tokens;
    private readonly SafeLLamaSamplerChainHandle _sampler;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ComputeThread _compute = ComputeThread.Shared;
    private readonly Place[] _places = Enumerable.Range(0, MaxPlaces).Select(i => new Place((LLamaSeqId)i)).ToArray();
    private readonly LLamaSeqId _parking = (LLamaSeqId)MaxPlaces;
    private readonly int _contextSize;
    private readonly int _cells;
    private Place _place;
    private long _uses;
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
        _cells = (int)context.ContextSize;
        _place = _places[0];
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

    /// <summary>The longest prompt and answer one request may have (one place's share of the cache).</summary>
    public int ContextSize => _contextSize;

    public int Threads => _context.GenerationThreads;

    /// <exception cref="ModelLoadException">Missing, truncated, foreign, vocabulary-only or unloadable file.</exception>
    public static async Task<LlamaSharpEngine> LoadAsync(string path, InferenceOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        NativeLlama.EnsureConfigured(logger);
        var (model, tokens) = Inspect(path);
        var contextSize = options.ContextSizeFor(model);
        var cells = options.KvCellsFor(model);
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
            ContextSize = (uint)cells,
            GpuLayerCount = options.GpuLayers,
            Threads = threads,
            BatchThreads = threads,
            BatchSize = (uint)options.BatchSize,
            FlashAttention = options.FlashAttention,
            // Map the file instead of copying it: loads from the page cache and shares pages between processes.
            LoadMode = LLamaLoadMode.MemoryMap,
            TypeK = kvType,
            TypeV = kvType,
            // One sequence per warm place and one that parks moved chunks (see ParkMovedChunks), in one
            // unified cache where sequences share the cells of a common prefix.
            SeqMax = MaxPlaces + 1,
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
                "Loaded {Name} ({Architecture}, {Parameters:N0} parameters) with context {Context}, {Cells} KV cells for warm places, {Threads} threads, FIM template {Template}",
                model.Name, model.Architecture, model.ParameterCount, contextSize, cells, threads, model.FimTemplate?.Name ?? "none");
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
                _sampler.Reset();
                return EvaluatePrompt(prompt, maxTokens, statistics, cancellationToken);
            }).ConfigureAwait(false);
            statistics.PromptTime = clock.Elapsed;

            clock.Restart();
            var guide = request.Guidance is { } guidance ? new DecodingGuide(Vocabulary, guidance) : null;
            var decoder = new StreamingTokenDecoder(_context) { DecodeSpecialTokens = false };
            LLamaToken? pending = null;
            statistics.StopReason = "max-tokens";
            for (var generated = 0; generated < maxTokens; generated++)
            {
                var (previous, index) = (pending, logitsIndex);
                var next = await _compute.RunAsync(() =>
                {
                    if (previous is { } token)
                    {
                        // Evaluate the last token only once its text has been taken: a consumer that stops
                        // after reading it costs no extra forward pass.
                        Decode([token], _place.Tokens.Count, logitsForLast: true, cancellationToken);
                        _place.Tokens.Add(token);
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    if (clock.Elapsed > request.TimeBudget)
                    {
                        return (LLamaToken?)null;
                    }

                    return guide is null ? _sampler.Sample(_context.NativeHandle, index) : SampleGuided(guide, index);
                }).ConfigureAwait(false);
                logitsIndex = 0;
                if (next is not { } sampled)
                {
                    statistics.StopReason = "time-budget";
                    break;
                }

                if (stopTokens.Contains((int)sampled) || sampled.IsEndOfGeneration(_weights.Vocab))
                {
                    statistics.StopReason = "end-of-text";
                    break;
                }

                statistics.GeneratedTokens++;
                statistics.GenerationTime = clock.Elapsed;
                pending = sampled;
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

    /// <summary>Puts the prompt in a warm place, reuses what that place holds of it and evaluates the rest; returns the logits index.</summary>
    private int EvaluatePrompt(List<LLamaToken> prompt, int reserve, GenerationStatistics statistics, CancellationToken cancellationToken)
    {
        var promptIds = prompt.ConvertAll(t => (int)t);
        var chunkReuse = _canShift && _cacheReuseChunk > 0 ? _cacheReuseChunk : 0;
        var choice = WarmPlaces.Choose(
            _places.Select(p => (IReadOnlyList<int>)p.Tokens.ConvertAll(t => (int)t)).ToList(), _places.Select(p => p.LastUsed).ToList(),
            promptIds, reserve, _cells, chunkReuse);
        _place = EnterPlace(choice, prompt);
        statistics.ResumedPlace = choice.Resumed;

        var place = _place;
        var cached = place.Tokens.ConvertAll(t => (int)t);
        var plan = KvReusePlan.Create(cached, promptIds, place.StaleTokens < MaxStaleTokens ? chunkReuse : 0);
        if (plan.Reused.Any(c => (c.CachePosition > 0 || c.PromptPosition > 0) && c.CachePosition < place.SharedUpTo))
        {
            // Moving a chunk shifts its cells' positions, and a cell shared with another place has one
            // position for both: that place would be corrupted. Keep the prefix only.
            plan = KvReusePlan.Create(cached, promptIds, 0);
        }

        place.SharedUpTo = Math.Min(place.SharedUpTo, plan.CommonPrefix);
        place.StaleTokens = plan.IsPrefixOnly ? 0 : place.StaleTokens + plan.TokensBeforeMovedChunks;
        statistics.PromptTokens = prompt.Count;
        statistics.ReusedPromptTokens = plan.ReusedTokens;
        var moved = ParkMovedChunks(plan);

        place.Tokens.Clear();
        place.Tokens.AddRange(prompt.GetRange(0, plan.CommonPrefix));
        try
        {
            var last = 0;
            foreach (var range in plan.ToEvaluate)
            {
                UnparkChunksBefore(moved, range.Start);
                for (var start = range.Start; start < range.Start + range.Length; start += _batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = prompt.GetRange(start, Math.Min(_batchSize, range.Start + range.Length - start));
                    last = Decode(chunk, start, logitsForLast: start + chunk.Count == prompt.Count, cancellationToken);
                    if (plan.IsPrefixOnly)
                    {
                        place.Tokens.AddRange(chunk); // still a contiguous prefix: a cancelled request leaves a usable cache
                    }
                }
            }

            if (!plan.IsPrefixOnly)
            {
                place.Tokens.Clear();
                place.Tokens.AddRange(prompt);
            }

            return last;
        }
        catch (OperationCanceledException) when (!plan.IsPrefixOnly)
        {
            Forget(place); // moved chunks with holes between them: not a state worth keeping
            throw;
        }
    }

    /// <summary>Applies a <see cref="PlaceChoice"/>: the new place starts from the shared prefix, then the places given up are dropped.</summary>
    private Place EnterPlace(PlaceChoice choice, List<LLamaToken> prompt)
    {
        var memory = _context.NativeHandle;
        var place = _places[choice.Place];
        if (choice.CopyFrom >= 0)
        {
            var source = _places[choice.CopyFrom];
            memory.MemorySequenceRemove(place.Sequence, -1, -1);
            memory.MemorySequenceCopy(source.Sequence, place.Sequence, 0, choice.CopyLength);
            place.Tokens.Clear();
            place.Tokens.AddRange(prompt.GetRange(0, choice.CopyLength));
            place.StaleTokens = source.StaleTokens; // the prefix may hold chunks the source once moved
            place.SharedUpTo = choice.CopyLength;
            source.SharedUpTo = Math.Max(source.SharedUpTo, choice.CopyLength);
        }

        foreach (var evicted in choice.Evict)
        {
            Forget(_places[evicted]);
        }

        place.LastUsed = ++_uses;
        return place;
    }

    private void Forget(Place place)
    {
        _context.NativeHandle.MemorySequenceRemove(place.Sequence, -1, -1);
        place.Tokens.Clear();
        place.StaleTokens = 0;
        place.SharedUpTo = 0;
    }

    /// <summary>A place the user worked in: its sequence in the KV cache and the tokens it holds, in position order.</summary>
    private sealed class Place(LLamaSeqId sequence)
    {
        public LLamaSeqId Sequence { get; } = sequence;

        public List<LLamaToken> Tokens { get; } = [];

        public long LastUsed { get; set; }

        /// <summary>Tokens evaluated in front of moved chunks since the place was last evaluated afresh.</summary>
        public int StaleTokens { get; set; }

        /// <summary>Positions below this may be cells shared with another place (a prefix one was copied from the other).</summary>
        public int SharedUpTo { get; set; }
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
            memory.MemorySequenceCopy(_place.Sequence, _parking, chunk.CachePosition, chunk.CachePosition + chunk.Length);
        }

        memory.MemorySequenceRemove(_place.Sequence, plan.CommonPrefix, -1);
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
            memory.MemorySequenceCopy(_parking, _place.Sequence, chunk.PromptPosition, chunk.PromptPosition + chunk.Length);
            memory.MemorySequenceRemove(_parking, chunk.PromptPosition, chunk.PromptPosition + chunk.Length);
            moved.Dequeue();
        }
    }

    /// <summary>Evaluates tokens at consecutive positions from <paramref name="position"/>; returns the batch index whose logits were kept.</summary>
    private int Decode(IReadOnlyList<LLamaToken> tokens, int position, bool logitsForLast, CancellationToken cancellationToken)
    {
        var batch = _batch;
        batch.Clear();
        for (var i = 0; i < tokens.Count; i++)
        {
            batch.Add(tokens[i], position + i, _place.Sequence, logitsForLast && i == tokens.Count - 1);
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
        foreach (var place in _places)
        {
            place.Tokens.Clear();
            place.StaleTokens = 0;
            place.SharedUpTo = 0;
        }
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
            _context.Dispose();
            _weights.Dispose();
            return true;
        }).ConfigureAwait(false);
        _gate.Release();
        _logger.LogDebug("Model {Name} unloaded", Model.Name);
    }
}
