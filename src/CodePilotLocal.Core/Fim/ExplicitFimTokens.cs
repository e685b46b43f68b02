namespace CodePilotLocal.Core.Fim;

/// <summary>
/// Texts of the tokens that GGUF metadata names explicitly (tokenizer.ggml.fim_pre_token_id and friends),
/// resolved to their vocabulary text. Any may be absent.
/// </summary>
public sealed record ExplicitFimTokens(
    string? Prefix, string? Suffix, string? Middle,
    string? Pad = null, string? RepoName = null, string? FileSeparator = null, string? EndOfText = null);
