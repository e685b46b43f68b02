namespace CodePilotLocal.Inference.Models;

/// <summary>The dimensions of a transformer, enough to write a GGUF with the same compute cost as the real model.</summary>
public sealed record ModelShape(
    string Name,
    string Architecture,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int KeyValueHeadCount,
    int FeedForwardLength,
    int VocabularySize,
    int ContextLength,
    float RopeFrequencyBase,
    float RmsEpsilon,
    string Description);
