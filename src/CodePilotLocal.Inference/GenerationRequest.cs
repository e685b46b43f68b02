using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Inference;

/// <param name="StopTokens">Special tokens, by vocabulary text, that end the generation (not emitted).</param>
/// <param name="TimeBudget">Limit on the generation phase, as llama-server's t_max_predict_ms.</param>
/// <param name="Statistics">Filled in by the engine as it runs.</param>
public sealed record GenerationRequest(
    IReadOnlyList<PromptPart> Prompt,
    int MaxTokens,
    TimeSpan TimeBudget,
    IReadOnlyList<string> StopTokens,
    GenerationStatistics Statistics);
