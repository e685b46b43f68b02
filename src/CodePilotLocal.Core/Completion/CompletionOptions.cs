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

    /// <summary>Prefix-suffix-middle (default) or suffix-prefix-middle; see <see cref="Fim.FimOrder"/>.</summary>
    public Fim.FimOrder FimOrder { get; init; } = Fim.FimOrder.PrefixSuffixMiddle;

    /// <summary>Tokens the repository's snippets may take in the prompt; 0 leaves them out.</summary>
    public int ContextTokens { get; init; } = 1024;

    /// <summary>Repository context chosen anew at each place (default) or mostly once per file; see <see cref="Context.ContextScope"/>.</summary>
    public Context.ContextScope ContextScope { get; init; } = Context.ContextScope.Place;

    /// <summary>In C#, only members that exist may follow a dot, and a suggestion is cut before a name that does not exist.</summary>
    public bool SemanticGuard { get; init; } = true;

    /// <summary>The word being typed is taken off the prompt and written again by the model (see <see cref="Guidance.TokenHealing"/>).</summary>
    public bool TokenHealing { get; init; } = true;

    /// <summary>The window and the repository context halved, for a prompt that did not fit the model's context.</summary>
    public CompletionOptions WithHalfTheWindow() => this with
    {
        MaxPrefixChars = MaxPrefixChars / 2,
        MaxSuffixChars = MaxSuffixChars / 2,
        MaxPrefixLines = Math.Max(1, MaxPrefixLines / 2),
        MaxSuffixLines = Math.Max(1, MaxSuffixLines / 2),
        ContextTokens = ContextTokens / 2,
    };
}
