using CodePilotLocal.Inference.Models;

namespace CodePilotLocal.Inference;

/// <summary>How a local model is loaded. Null means "choose from the model and the machine".</summary>
public sealed record InferenceOptions
{
    /// <summary>Context length in tokens; default the model's training length, at most 4096.</summary>
    public int? ContextSize { get; init; }

    /// <summary>Layers offloaded to the GPU (needs the Cuda12 build); 0 runs on the CPU.</summary>
    public int GpuLayers { get; init; }

    public int? Threads { get; init; }

    public int BatchSize { get; init; } = 512;

    /// <summary>
    /// llama.cpp's fused attention kernel, which llama-server turns on by default ("-fa auto"): each new
    /// token attends to a long prompt without materializing the attention matrix.
    /// </summary>
    public bool FlashAttention { get; init; } = true;

    /// <summary>KV cache element type: "f16" (default, llama.cpp's), "q8_0" (half the memory) or "q4_0".</summary>
    public string KvCacheType { get; init; } = "f16";

    public static IReadOnlyList<string> KvCacheTypes { get; } = ["f16", "q8_0", "q4_0"];

    /// <summary>
    /// Shortest run of cached tokens worth moving to a new position (llama-server's --cache-reuse).
    /// On by default: while typing, the suffix after the cursor is moved instead of evaluated again,
    /// which the bench shows halves the time to first suggestion on a CPU. Moved tokens keep attention
    /// computed before the edit (bounded: after 256 such tokens the prompt is evaluated afresh);
    /// 0 keeps only the exact common prefix, so results equal a cold evaluation.
    /// </summary>
    public int CacheReuseChunk { get; init; } = DefaultCacheReuseChunk;

    public const int DefaultCacheReuseChunk = 32;

    /// <summary>
    /// Host memory for keeping the places the user left warm (the method before the jump, the class and
    /// its test): going back there evaluates only what changed. Default 128 MiB (Qwen2.5-Coder-0.5B at
    /// f16: about 10,900 tokens, three or four places of a full 4K prompt; 1.5B: about 4,700); 0 keeps none.
    /// </summary>
    public long WarmPlacesBytes { get; init; } = DefaultWarmPlacesMegabytes << 20;

    public const int DefaultWarmPlacesMegabytes = 128;

    /// <summary>
    /// Tokens guessed by prompt lookup and checked in the same forward pass as the last token chosen
    /// (speculative decoding; the text is the same as without); 0: none.
    /// </summary>
    public int DraftTokens { get; init; } = DefaultDraftTokens;

    public const int DefaultDraftTokens = 0;

    /// <summary>The context length in force for a model: the setting, else the model's training length, at most 4096.</summary>
    public int ContextSizeFor(ModelInfo model) => ContextSize ?? (int)Math.Min(model.ContextLength ?? 4096, 4096);

    public int ThreadsFor(ModelInfo model) => Threads ?? DefaultThreads(model.ParameterCount);

    /// <summary>One thread per physical core: SMT siblings slow matrix kernels down. Tiny models run best on one.</summary>
    private static int DefaultThreads(long parameterCount)
    {
        if (parameterCount < 50_000_000)
        {
            return 1;
        }

        var logical = Environment.ProcessorCount;
        return logical <= 2 ? logical : Math.Min(8, logical / 2);
    }
}
