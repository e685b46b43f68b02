using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Core.Tests.Fim;

/// <summary>A vocabulary lookup over a set of token texts.</summary>
internal sealed class TokenSetVocabulary(IEnumerable<string> tokens) : IVocabularyLookup
{
    private readonly HashSet<string> _tokens = new(tokens, StringComparer.Ordinal);

    public bool Contains(string tokenText) => _tokens.Contains(tokenText);
}
