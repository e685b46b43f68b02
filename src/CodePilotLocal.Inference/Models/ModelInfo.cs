using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Inference.Models;

/// <summary>What a GGUF file says about itself, and the FIM template its vocabulary supports.</summary>
public sealed record ModelInfo
{
    public required string Path { get; init; }

    public required string Name { get; init; }

    public required string Architecture { get; init; }

    public long FileSize { get; init; }

    public int TensorCount { get; init; }

    public long? ContextLength { get; init; }

    public long? EmbeddingLength { get; init; }

    public long? BlockCount { get; init; }

    /// <summary>Size of one attention head's key vector: quantized KV cache types need it to be a multiple of their block.</summary>
    public long? KeyLength { get; init; }

    public long ParameterCount { get; init; }

    public string? TokenizerModel { get; init; }

    public int VocabularySize { get; init; }

    public FimTemplate? FimTemplate { get; init; }

    public bool HasChatTemplate { get; init; }

    public bool IsVocabularyOnly => TensorCount == 0;

    /// <summary>Why this model cannot serve completions, or null when it can.</summary>
    public string? CompletionBlocker => FimTemplate is null
        ? $"The model '{Name}' has no fill-in-the-middle tokens in its vocabulary (looked for {string.Join(", ", FimTemplateCatalog.Known.Select(t => t.PrefixToken))} and GGUF fim_* keys), so it cannot complete code between a prefix and a suffix. Use a code model with FIM training, e.g. Qwen2.5-Coder."
        : null;
}
