namespace CodePilotLocal.Core.Fim;

/// <summary>
/// A fill-in-the-middle prompt format, named by the special tokens a model's vocabulary really has.
/// The prompt is prefix-suffix-middle (PSM); the file's repo-level header is added only when the
/// vocabulary has the tokens for it.
/// </summary>
public sealed record FimTemplate(
    string Name,
    string PrefixToken,
    string SuffixToken,
    string MiddleToken,
    IReadOnlyList<string> StopTokens,
    string? RepoNameToken = null,
    string? FileSeparatorToken = null)
{
    public bool SupportsRepositoryContext => RepoNameToken is not null && FileSeparatorToken is not null;

    public IReadOnlyList<PromptPart> Build(FimInput input)
    {
        var parts = new List<PromptPart>(8);
        if (SupportsRepositoryContext && input.FilePath is not null)
        {
            // Qwen2.5-Coder repo-level format: <|repo_name|>name\n<|file_sep|>path\n<|fim_prefix|>...
            parts.Add(PromptPart.Special(RepoNameToken!));
            parts.Add(PromptPart.Text((input.RepositoryName ?? "repository") + "\n"));
            parts.Add(PromptPart.Special(FileSeparatorToken!));
            parts.Add(PromptPart.Text(input.FilePath + "\n"));
        }

        parts.Add(PromptPart.Special(PrefixToken));
        parts.Add(PromptPart.Text(input.Prefix));
        parts.Add(PromptPart.Special(SuffixToken));
        parts.Add(PromptPart.Text(input.Suffix));
        parts.Add(PromptPart.Special(MiddleToken));
        return parts;
    }

    /// <summary>The prompt as one string, special tokens written as their text (for display and logs).</summary>
    public static string Render(IEnumerable<PromptPart> parts) => string.Concat(parts.Select(p => p.Value));
}
