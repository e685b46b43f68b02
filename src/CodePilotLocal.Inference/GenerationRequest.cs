using CodePilotLocal.Core.Chat;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Core.Guidance;

namespace CodePilotLocal.Inference;

/// <param name="StopTokens">Special tokens, by vocabulary text, that end the generation (not emitted).</param>
/// <param name="TimeBudget">Limit on the generation phase, as llama-server's t_max_predict_ms.</param>
/// <param name="Statistics">Filled in by the engine as it runs.</param>
public sealed record GenerationRequest(
    IReadOnlyList<PromptPart> Prompt,
    int MaxTokens,
    TimeSpan TimeBudget,
    IReadOnlyList<string> StopTokens,
    GenerationStatistics Statistics)
{
    /// <summary>
    /// The conversation <see cref="Prompt"/> was made from (explain, fix): a remote engine sends it to its
    /// chat endpoint, which applies the served model's own template; a local engine uses the prompt.
    /// </summary>
    public IReadOnlyList<ChatMessage>? Conversation { get; init; }

    /// <summary>
    /// Evaluate the prompt only (a prewarm): it must fit as it would with <see cref="MaxTokens"/> to
    /// generate, so that it is refused exactly where the real request is, but nothing is generated.
    /// </summary>
    public bool PromptOnly { get; init; }

    /// <summary>What the engine generates at most.</summary>
    public int TokensToGenerate => PromptOnly ? 0 : MaxTokens;

    /// <summary>Token healing and the dereference guard; null: the model chooses freely.</summary>
    public GuidanceRequest? Guidance { get; init; }
}
