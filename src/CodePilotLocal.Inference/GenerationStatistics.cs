namespace CodePilotLocal.Inference;

/// <summary>What one generation cost: prompt tokens evaluated and reused from the KV cache, tokens made, time.</summary>
public sealed class GenerationStatistics
{
    public int PromptTokens { get; set; }

    public int ReusedPromptTokens { get; set; }

    public int GeneratedTokens { get; set; }

    /// <summary>Guessed tokens evaluated beside the last one chosen (speculative decoding), and those the model chose too.</summary>
    public int DraftTokens { get; set; }

    public int AcceptedDraftTokens { get; set; }

    /// <summary>Choosing the repository context for the prompt (set by the completion service).</summary>
    public TimeSpan ContextTime { get; set; }

    /// <summary>Turning the prompt into tokens.</summary>
    public TimeSpan TokenizeTime { get; set; }

    /// <summary>Evaluating the prompt tokens the KV cache did not hold, up to the first token's logits.</summary>
    public TimeSpan PromptTime { get; set; }

    public TimeSpan GenerationTime { get; set; }

    public string StopReason { get; set; } = "none";

    /// <summary>The prompt continued a warm place other than the last one used (the user came back there).</summary>
    public bool ResumedPlace { get; set; }

    public int EvaluatedPromptTokens => PromptTokens - ReusedPromptTokens;

    public double TokensPerSecond => GenerationTime.TotalSeconds > 0 ? GeneratedTokens / GenerationTime.TotalSeconds : 0;
}
