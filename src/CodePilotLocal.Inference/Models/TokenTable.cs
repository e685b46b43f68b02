using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Inference.Models;

/// <summary>The vocabulary of a GGUF file as a token-text → id table (the id is the index in tokenizer.ggml.tokens).</summary>
public sealed class TokenTable : IVocabularyLookup
{
    private readonly Dictionary<string, int> _ids;

    public TokenTable(IReadOnlyList<string> tokens)
    {
        _ids = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            _ids.TryAdd(tokens[i], i);
        }
    }

    public int Count => _ids.Count;

    public bool Contains(string tokenText) => _ids.ContainsKey(tokenText);

    public int? IdOf(string tokenText) => _ids.TryGetValue(tokenText, out var id) ? id : null;
}
