using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Privacy;

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

    /// <summary>The prompt's parts; every piece of text in it passes the secret redactor.</summary>
    public IReadOnlyList<PromptPart> Build(FimInput input, FimOrder order = FimOrder.PrefixSuffixMiddle)
    {
        var context = input.Context ?? [];
        var parts = new List<PromptPart>(8 + (2 * context.Count));
        var prefix = input.Prefix;
        if (SupportsRepositoryContext && input.FilePath is not null)
        {
            // Qwen2.5-Coder repo-level format: <|repo_name|>name\n<|file_sep|>other/path\ntext\n...<|file_sep|>path\n<|fim_prefix|>...
            parts.Add(PromptPart.Special(RepoNameToken!));
            parts.Add(PromptPart.Text((input.RepositoryName ?? "repository") + "\n"));
            foreach (var snippet in context)
            {
                parts.Add(PromptPart.Special(FileSeparatorToken!));
                parts.Add(PromptPart.Text(SecretRedactor.Redact(HeaderOf(snippet) + "\n" + snippet.Text.TrimEnd('\n') + "\n")));
            }

            parts.Add(PromptPart.Special(FileSeparatorToken!));
            parts.Add(PromptPart.Text(input.FilePath + "\n"));
        }
        else if (context.Count > 0)
        {
            // No repo-level tokens: the other files go in front of the prefix as comments, as Tabby and Continue do.
            var comment = CommentSyntax.For(input.FilePath);
            prefix = string.Concat(context.Select(s => CommentSyntax.Quote("Path: " + HeaderOf(s) + "\n" + s.Text, comment))) + prefix;
        }

        PromptPart[] prefixParts = [PromptPart.Special(PrefixToken), PromptPart.Text(SecretRedactor.Redact(prefix))];
        PromptPart[] suffixParts = [PromptPart.Special(SuffixToken), PromptPart.Text(SecretRedactor.Redact(input.Suffix))];
        parts.AddRange(order == FimOrder.SuffixPrefixMiddle ? [.. suffixParts, .. prefixParts] : [.. prefixParts, .. suffixParts]);
        parts.Add(PromptPart.Special(MiddleToken));
        return parts;
    }

    private static string HeaderOf(ContextSnippet snippet) => snippet.Reason == SnippetReason.Diff ? snippet.Path + ".diff" : snippet.Path;

    /// <summary>
    /// The prompt as one string for an engine that tokenizes it with special tokens parsed (llama-server's
    /// /completion, OpenAI-style /v1/completions): the markup stays, and wherever the user's text spells one
    /// of this template's special tokens a zero-width space is put after its first character, so code that
    /// contains "&lt;|fim_middle|&gt;" stays text there too.
    /// </summary>
    public string RenderForTextEndpoint(IEnumerable<PromptPart> parts)
    {
        var specials = new[] { PrefixToken, SuffixToken, MiddleToken, RepoNameToken, FileSeparatorToken }
            .Concat(StopTokens).OfType<string>().Distinct().ToArray();
        return string.Concat(parts.Select(p => p.Kind == PromptPartKind.Text ? Neutralize(p.Value, specials) : p.Value));
    }

    private static string Neutralize(string text, IReadOnlyList<string> specials)
    {
        foreach (var special in specials)
        {
            if (special.Length > 1 && text.Contains(special, StringComparison.Ordinal))
            {
                text = text.Replace(special, special[0] + "\u200B" + special[1..], StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>The prompt as one string, special tokens written as their text (for display and logs).</summary>
    public static string Render(IEnumerable<PromptPart> parts) => string.Concat(parts.Select(p => p.Value));
}
