namespace CodePilotLocal.Core.Completion;

/// <summary>Bounds for one completion. Defaults follow what llama.vscode and Tabby ship with.</summary>
public sealed record CompletionOptions
{
    public int MaxPrefixLines { get; init; } = 128;

    public int MaxSuffixLines { get; init; } = 48;

    public int MaxPrefixChars { get; init; } = 8_000;

    public int MaxSuffixChars { get; init; } = 2_000;

    public int SingleLineMaxTokens { get; init; } = 48;

    public int MultiLineMaxTokens { get; init; } = 128;

    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(3);

    public int MaxTokensFor(CompletionMode mode) =>
        mode == CompletionMode.SingleLine ? SingleLineMaxTokens : MultiLineMaxTokens;
}
