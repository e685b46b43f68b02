using CodePilotLocal.Indexing.Context;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Conversions;

namespace CodePilotLocal.Server.Services;

/// <summary>The exact prompt a completion would send, for `codepilot context` and codepilot/context.</summary>
/// <param name="PromptTokens">Counted with the model's tokenizer, special tokens as one each.</param>
/// <param name="Repository">What the repository contributed; null without an index or outside the workspace.</param>
public sealed record PromptPreview(string Prompt, int PromptTokens, RepositoryContext? Repository, string ModelName, string TemplateName)
{
    /// <summary>As codepilot/context answers it.</summary>
    public ContextResult ToResult() => this.ToProtocol();
}
