namespace CodePilotLocal.Core.Chat;

/// <param name="Role">system, user or assistant, as chat templates name them.</param>
public sealed record ChatMessage(string Role, string Content)
{
    public static ChatMessage System(string content) => new("system", content);

    public static ChatMessage User(string content) => new("user", content);

    public static ChatMessage Assistant(string content) => new("assistant", content);
}
