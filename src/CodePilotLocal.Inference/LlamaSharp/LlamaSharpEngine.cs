using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.Gguf;
using CodePilotLocal.Inference.Models;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Inference.LlamaSharp;

/// <summary>
/// Runs a GGUF model on llama.cpp through LLamaSharp. One context (one KV cache, sequence 0) serves
/// every request in turn; the tokens already in the cache are remembered, and a new prompt evaluates
/// only what follows its longest common prefix with them.
/// </summary>
public sealed class LlamaSharpEngine : IInferenceEngine
{
    private const int MinimumGenerationRoom = 16;
    private static readonly LLamaSeqId Sequence = LLamaSeqId.Zero;

    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly TokenTable _tokens;
    private readonly SafeLLamaSamplerChainHandle _sampler;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<LLamaToken> _cached = [];
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private bool _disposed;

    private LlamaSharpEngine(ModelInfo model, TokenTable tokens, LLamaWeights weights, LLamaContext context, int batchSize, ILogger logger)
    {
        Model = model;
        _tokens = tokens;
        _weights = weights;
        _context = context;
        _batchSize = batchSize;
        _logger = logger;
        _sampler = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        _sampler.AddGreedySampler();
    }

    public ModelInfo Model { get; }

    public int ContextSize => (int)_context.ContextSize;

    public int Threads => _context.GenerationThreads;

    /// <exception cref="ModelLoadException">Missing, truncated, foreign, vocabulary-only or unloadable file.</exception>
    public static async Task<LlamaSharpEngine> LoadAsync(string path, InferenceOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        NativeLlama.EnsureConfigured(logger);
        var (model, tokens) = Inspect(path);
        var contextSize = options.ContextSize ?? (int)Math.Min(model.ContextLength ?? 4096, 4096);
        var threads = options.Threads ?? InferenceOptions.DefaultThreads(model.ParameterCount);
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)contextSize,
            GpuLayerCount = options.GpuLayers,
            Threads = threads,
            BatchThreads = threads,
            BatchSize = (uint)options.BatchSize,
            // Map the file instead of copying it: loads from the page cache and shares pages between processes.
            LoadMode = LLamaLoadMode.MemoryMap,
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
            return new LlamaSharpEngine(model, tokens, weights, context, options.BatchSize, logger);
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
            var prompt = Tokenize(request.Prompt);
            // Generate as much as fits; refuse only when the prompt leaves no useful room.
            var maxTokens = Math.Min(request.MaxTokens, ContextSize - prompt.Count);
            if (maxTokens < Math.Min(request.MaxTokens, MinimumGenerationRoom))
            {
                throw new PromptTooLongException(prompt.Count, request.MaxTokens, ContextSize);
            }

            var stopTokens = request.StopTokens.Select(_tokens.IdOf).OfType<int>().ToHashSet();
            var clock = Stopwatch.StartNew();
            var logitsIndex = await EvaluatePromptAsync(prompt, statistics, cancellationToken).ConfigureAwait(false);
            statistics.PromptTime = clock.Elapsed;

            clock.Restart();
            _sampler.Reset();
            var decoder = new StreamingTokenDecoder(_context) { DecodeSpecialTokens = false };
            LLamaToken? pending = null;
            statistics.StopReason = "max-tokens";
            for (var generated = 0; generated < maxTokens; generated++)
            {
                if (pending is { } previous)
                {
                    // Evaluate the last token only once its text has been taken: a consumer that stops
                    // after reading it costs no extra forward pass.
                    await DecodeAsync([previous], logitsIndexOfLast: true, cancellationToken).ConfigureAwait(false);
                    logitsIndex = 0;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (clock.Elapsed > request.TimeBudget)
                {
                    statistics.StopReason = "time-budget";
                    break;
                }

                var token = _sampler.Sample(_context.NativeHandle, logitsIndex);
                if (stopTokens.Contains((int)token) || token.IsEndOfGeneration(_weights.Vocab))
                {
                    statistics.StopReason = "end-of-text";
                    break;
                }

                statistics.GeneratedTokens++;
                statistics.GenerationTime = clock.Elapsed;
                pending = token;
                decoder.Add(token);
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
                tokens.AddRange(_context.Tokenize(part.Value, addBos: false, special: false));
            }
        }

        return tokens;
    }

    /// <summary>Keeps the longest common prefix of the KV cache and evaluates the rest; returns the logits index.</summary>
    private async Task<int> EvaluatePromptAsync(List<LLamaToken> prompt, GenerationStatistics statistics, CancellationToken cancellationToken)
    {
        var common = 0;
        while (common < _cached.Count && common < prompt.Count && _cached[common] == prompt[common])
        {
            common++;
        }

        // The last prompt token must be evaluated again to get fresh logits for it.
        common = Math.Min(common, prompt.Count - 1);
        if (common < _cached.Count)
        {
            _context.NativeHandle.MemorySequenceRemove(Sequence, common, -1);
            _cached.RemoveRange(common, _cached.Count - common);
        }

        statistics.PromptTokens = prompt.Count;
        statistics.ReusedPromptTokens = common;
        var last = 0;
        for (var start = common; start < prompt.Count; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = prompt.GetRange(start, Math.Min(_batchSize, prompt.Count - start));
            last = await DecodeAsync(chunk, logitsIndexOfLast: start + chunk.Count == prompt.Count, cancellationToken)
                .ConfigureAwait(false);
        }

        return last;
    }

    /// <summary>Evaluates tokens at the end of the cache; returns the batch index whose logits were kept.</summary>
    private async Task<int> DecodeAsync(IReadOnlyList<LLamaToken> tokens, bool logitsIndexOfLast, CancellationToken cancellationToken)
    {
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Count; i++)
        {
            batch.Add(tokens[i], _cached.Count + i, Sequence, logitsIndexOfLast && i == tokens.Count - 1);
        }

        var result = await _context.DecodeAsync(batch, cancellationToken).ConfigureAwait(false);
        if (result != DecodeResult.Ok)
        {
            _context.NativeHandle.MemoryClear(true);
            _cached.Clear();
            throw new InvalidOperationException($"llama.cpp decode failed: {result}.");
        }

        _cached.AddRange(tokens);
        return batch.TokenCount - 1;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        _disposed = true;
        _sampler.Dispose();
        _context.Dispose();
        _weights.Dispose();
        _gate.Release();
        _logger.LogDebug("Model {Name} unloaded", Model.Name);
    }
}
