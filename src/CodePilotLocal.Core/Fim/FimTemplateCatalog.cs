namespace CodePilotLocal.Core.Fim;

/// <summary>
/// Picks the FIM template from the tokens a vocabulary really has, never from the model's name:
/// fine-tunes and merges keep their base tokenizer but not their name.
/// </summary>
public static class FimTemplateCatalog
{
    public static readonly FimTemplate CodeGemma = new(
        "codegemma", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>",
        ["<|file_separator|>", "<eos>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"]);

    public static readonly FimTemplate Qwen = new(
        "qwen", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>",
        ["<|endoftext|>", "<|fim_pad|>", "<|file_sep|>", "<|repo_name|>", "<|im_end|>", "<|im_start|>",
         "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"],
        RepoNameToken: "<|repo_name|>", FileSeparatorToken: "<|file_sep|>");

    public static readonly FimTemplate StarCoder = new(
        "starcoder", "<fim_prefix>", "<fim_suffix>", "<fim_middle>",
        ["<|endoftext|>", "<fim_pad>", "<file_sep>", "<filename>", "<reponame>", "<repo_name>",
         "<fim_prefix>", "<fim_suffix>", "<fim_middle>"]);

    public static readonly FimTemplate DeepSeekCoder = new(
        "deepseek-coder", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>",
        ["<｜end▁of▁sentence｜>", "<|EOT|>", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"]);

    // CodeLlama's SentencePiece vocabulary spells its infill tokens with the word-start marker.
    public static readonly FimTemplate CodeLlama = new(
        "codellama", "▁<PRE>", "▁<SUF>", "▁<MID>",
        ["▁<EOT>", "</s>", "▁<PRE>", "▁<SUF>", "▁<MID>"]);

    public static IReadOnlyList<FimTemplate> Known { get; } = [CodeGemma, Qwen, StarCoder, DeepSeekCoder, CodeLlama];

    /// <summary>
    /// Returns the template whose three FIM tokens are all in the vocabulary. CodeGemma and Qwen share
    /// their FIM token texts; CodeGemma is told apart by its "&lt;|file_separator|&gt;" token.
    /// When no known spelling is present, explicit GGUF FIM token ids (tokenizer.ggml.fim_*_token_id) are used.
    /// </summary>
    public static FimTemplate? Detect(IVocabularyLookup vocabulary, ExplicitFimTokens? explicitTokens = null)
    {
        foreach (var template in Known)
        {
            if (!Has(vocabulary, template))
            {
                continue;
            }

            if (template == CodeGemma && !vocabulary.Contains("<|file_separator|>"))
            {
                continue;
            }

            return template with { StopTokens = template.StopTokens.Where(vocabulary.Contains).ToArray() };
        }

        if (explicitTokens is { Prefix: not null, Suffix: not null, Middle: not null } e)
        {
            var stops = new[] { e.EndOfText, e.Pad, e.FileSeparator, e.Prefix, e.Suffix, e.Middle }
                .OfType<string>().Distinct().ToArray();
            return new FimTemplate("gguf-fim-tokens", e.Prefix, e.Suffix, e.Middle, stops,
                RepoNameToken: e.RepoName, FileSeparatorToken: e.FileSeparator);
        }

        return null;
    }

    /// <summary>A known template by its name (codegemma, qwen, starcoder, deepseek-coder, codellama), as a user configures it.</summary>
    public static FimTemplate? Named(string name) =>
        Known.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Every token text a known template might use, to ask a remote engine's vocabulary which it has.
    /// </summary>
    public static IReadOnlyList<string> CandidateTokens { get; } =
        Known.SelectMany(t => new[] { t.PrefixToken, t.SuffixToken, t.MiddleToken, t.RepoNameToken, t.FileSeparatorToken })
            .Append("<|file_separator|>").OfType<string>().Concat(Known.SelectMany(t => t.StopTokens)).Distinct().ToArray();

    private static bool Has(IVocabularyLookup vocabulary, FimTemplate template) =>
        vocabulary.Contains(template.PrefixToken)
        && vocabulary.Contains(template.SuffixToken)
        && vocabulary.Contains(template.MiddleToken);
}
