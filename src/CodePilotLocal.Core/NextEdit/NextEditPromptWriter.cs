using CodePilotLocal.Core.Fim;
using CodePilotLocal.Core.Privacy;

namespace CodePilotLocal.Core.NextEdit;

/// <summary>
/// Writes a next-edit prompt as prompt parts: a format's markers are special tokens where the model's
/// vocabulary has them (else plain text, as Zeta's are), everything from the user is plain text that is
/// never parsed for special tokens, and text from outside the editable window is redacted.
/// </summary>
internal sealed class NextEditPromptWriter(IVocabularyLookup vocabulary)
{
    private readonly List<PromptPart> _parts = [];

    public IReadOnlyList<PromptPart> Parts => _parts;

    public NextEditPromptWriter Marker(string token)
    {
        _parts.Add(vocabulary.Contains(token) ? PromptPart.Special(token) : PromptPart.Text(token));
        return this;
    }

    /// <summary>The editable window's own text, as is: the edits are computed against it.</summary>
    public NextEditPromptWriter Text(string text)
    {
        if (text.Length > 0)
        {
            _parts.Add(PromptPart.Text(text));
        }

        return this;
    }

    /// <summary>Text from elsewhere (the file around the window, other files, the edit history): secrets redacted.</summary>
    public NextEditPromptWriter Redacted(string text) => Text(SecretRedactor.Redact(text));
}
