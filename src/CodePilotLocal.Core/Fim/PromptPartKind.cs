namespace CodePilotLocal.Core.Fim;

public enum PromptPartKind
{
    Text,
    SpecialToken,
    Markup,
}
