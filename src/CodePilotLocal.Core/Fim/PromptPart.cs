namespace CodePilotLocal.Core.Fim;

/// <summary>
/// One piece of a prompt: a special token named by its vocabulary text (inserted by id, never parsed
/// out of user text); plain text, tokenized with special-token parsing off, so code that happens to
/// contain "&lt;|fim_prefix|&gt;" cannot steer the model; or the markup of a model's own chat template,
/// tokenized with special-token parsing on (it is the template's text, never the user's).
/// </summary>
public readonly record struct PromptPart(PromptPartKind Kind, string Value)
{
    public static PromptPart Special(string tokenText) => new(PromptPartKind.SpecialToken, tokenText);

    public static PromptPart Text(string text) => new(PromptPartKind.Text, text);

    public static PromptPart Markup(string templateText) => new(PromptPartKind.Markup, templateText);

    public override string ToString() => Value;
}
