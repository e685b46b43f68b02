namespace CodePilotLocal.Core.Fim;

/// <summary>
/// One piece of a prompt: either a special token named by its vocabulary text (inserted by id, never
/// parsed out of user text) or plain text that is tokenized with special-token parsing off, so code that
/// happens to contain "&lt;|fim_prefix|&gt;" cannot steer the model.
/// </summary>
public readonly record struct PromptPart(PromptPartKind Kind, string Value)
{
    public static PromptPart Special(string tokenText) => new(PromptPartKind.SpecialToken, tokenText);

    public static PromptPart Text(string text) => new(PromptPartKind.Text, text);

    public override string ToString() => Value;
}
