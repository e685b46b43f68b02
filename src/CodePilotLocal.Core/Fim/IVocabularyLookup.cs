namespace CodePilotLocal.Core.Fim;

/// <summary>Answers whether a model's vocabulary has a token with exactly this text.</summary>
public interface IVocabularyLookup
{
    bool Contains(string tokenText);
}
