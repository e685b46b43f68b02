namespace CodePilotLocal.Core.Guidance;

/// <summary>
/// Which text to take off the end of the prompt so that the model writes it again itself. A prompt
/// cut inside a word ends on a token boundary the model never saw in training ("Consol" is not how
/// "Console" is tokenized), and it then avoids finishing the word. We back off the whole identifier or
/// number run before the cursor (not only its last token: the run is what the user is still typing),
/// or up to three operator characters, and constrain the generation to begin with it.
/// </summary>
public static class TokenHealing
{
    /// <summary>Longer runs are left alone: regenerating them costs more tokens than healing gains.</summary>
    public const int MaxHealedChars = 48;

    private const string OperatorChars = "+-*/%=<>!&|^~?:";

    /// <returns>The text to heal: a suffix of <paramref name="prefix"/>, or "" for none.</returns>
    public static string Pick(string prefix)
    {
        var identifier = TrailingRun(prefix, IdentifierText.IsIdentifierChar, MaxHealedChars + 1);
        if (identifier > 0)
        {
            return identifier <= MaxHealedChars && !char.IsSurrogate(prefix[^identifier]) ? prefix[^identifier..] : "";
        }

        var op = TrailingRun(prefix, c => OperatorChars.Contains(c), 3);
        return prefix[^op..];
    }

    private static int TrailingRun(string text, Func<char, bool> belongs, int limit)
    {
        var length = 0;
        while (length < limit && length < text.Length && belongs(text[^(length + 1)]))
        {
            length++;
        }

        return length;
    }
}
