using System.Globalization;
using System.Text;
using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Core.Chat;

/// <summary>A commit that last wrote some of the selected lines.</summary>
public sealed record LineHistory(string Sha, DateTimeOffset When, string Message);

/// <summary>
/// The conversation that asks for an explanation: the selection, the declarations it uses from other
/// files, and the commits that wrote those lines — their messages say why the code is like this.
/// </summary>
public static class ExplainPrompt
{
    public const string System =
        "You are a senior engineer explaining code from a private repository to a colleague. Answer in Markdown: "
        + "first one sentence on what the code does, then how it works step by step, then anything surprising "
        + "(edge cases, bugs, why it was written this way when the commit history says so). Be concise; do not repeat the code.";

    public static IReadOnlyList<ChatMessage> Build(
        string path, string language, int firstLine, int lastLine, string selection,
        IReadOnlyList<ContextSnippet> declarations, IReadOnlyList<LineHistory> history)
    {
        var user = new StringBuilder();
        user.Append("Explain lines ").Append(firstLine).Append('-').Append(lastLine).Append(" of `").Append(path).Append("`:\n\n");
        Fence(user, language, selection);
        if (declarations.Count > 0)
        {
            user.Append("\nDeclarations it uses, from other files:\n\n");
            foreach (var declaration in declarations)
            {
                user.Append("`").Append(declaration.Path).Append("`:\n");
                Fence(user, language, declaration.Text);
            }
        }

        if (history.Count > 0)
        {
            user.Append("\nThe commits that last changed these lines, newest first:\n\n");
            foreach (var commit in history)
            {
                user.Append("- ").Append(commit.Sha[..Math.Min(8, commit.Sha.Length)]).Append(" (").Append(commit.When.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("): ")
                    .Append(commit.Message.ReplaceLineEndings(" ")).Append('\n');
            }
        }

        return [ChatMessage.System(System), ChatMessage.User(user.ToString())];
    }

    /// <summary>A Markdown code fence long enough that backticks in the code cannot close it.</summary>
    public static void Fence(StringBuilder builder, string language, string code)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in code)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        builder.Append(fence).Append(language).Append('\n').Append(code.TrimEnd('\n')).Append('\n').Append(fence).Append('\n');
    }
}
