using CodePilotLocal.Core.Chat;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.Models;

namespace CodePilotLocal.Inference;

/// <summary>
/// A loaded model that turns a prompt into a stream of text. One engine serves all requests; calls are
/// queued, and a cancelled call stops before its next token. Counting tokens (its tokenizer, for prompt
/// budgets) needs no queue.
/// </summary>
public interface IInferenceEngine : IAsyncDisposable, ITokenCounter
{
    ModelInfo Model { get; }

    /// <summary>The model's vocabulary by token text, where the engine knows it (a local model); null for a remote server.</summary>
    IVocabularyLookup? Tokens => null;

    /// <summary>What <see cref="GenerationRequest.Guidance"/> can do with this engine.</summary>
    GuidanceSupport Guidance { get; }

    /// <summary>
    /// Streams the generated text piece by piece. Stops at the request's stop tokens, end of text, its
    /// token limit or its time budget; disposing the enumerator early stops generation at once.
    /// </summary>
    /// <exception cref="PromptTooLongException">The prompt and the token limit do not fit the context.</exception>
    IAsyncEnumerable<string> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken);

    /// <summary>The prompt for a conversation in the model's own chat template, ending where the assistant answers.</summary>
    /// <exception cref="ChatTemplateMissingException">The model has no chat template llama.cpp supports.</exception>
    IReadOnlyList<PromptPart> ChatPrompt(IReadOnlyList<ChatMessage> messages);
}
