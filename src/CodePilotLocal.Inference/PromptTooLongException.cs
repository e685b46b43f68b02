namespace CodePilotLocal.Inference;

public sealed class PromptTooLongException(int promptTokens, int maxTokens, int contextSize)
    : Exception($"The prompt has {promptTokens} tokens; with {maxTokens} to generate it does not fit the {contextSize}-token context.")
{
    public int PromptTokens { get; } = promptTokens;

    public int ContextSize { get; } = contextSize;
}
