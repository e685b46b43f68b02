using System.Text;
using System.Text.RegularExpressions;
using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Core.Chat;

/// <summary>A compiler error, as the fix prompt shows it.</summary>
/// <param name="Line">1-based.</param>
/// <param name="Syntax">A parse error (the code is not even well-formed), not a semantic one.</param>
public sealed record CodeError(int Line, string Id, string Message, bool Syntax = false)
{
    public override string ToString() => $"line {Line}: {Id} {Message}";
}

/// <summary>
/// The conversation that asks for a fix: the lines to replace, the compiler's errors in them (or the
/// user's instruction), the declarations they use; after a rejected answer, the answer and why it was
/// rejected, so that the next attempt differs.
/// </summary>
public static partial class FixPrompt
{
    public const string System =
        "You fix code in a private repository. Reply with the corrected replacement for exactly the given lines, "
        + "in one fenced code block, and nothing else: no explanation, no lines outside the given range.";

    public static List<ChatMessage> Build(
        string path, string language, int firstLine, int lastLine, string code,
        IReadOnlyList<CodeError> errors, string? instruction, IReadOnlyList<ContextSnippet> declarations)
    {
        var user = new StringBuilder();
        user.Append("Lines ").Append(firstLine).Append('-').Append(lastLine).Append(" of `").Append(path).Append("`:\n\n");
        ExplainPrompt.Fence(user, language, code);
        if (errors.Count > 0)
        {
            user.Append("\nThe compiler reports:\n");
            foreach (var error in errors)
            {
                user.Append("- ").Append(error).Append('\n');
            }
        }

        if (!string.IsNullOrWhiteSpace(instruction))
        {
            user.Append("\nWhat to change: ").Append(instruction.Trim()).Append('\n');
        }

        if (declarations.Count > 0)
        {
            user.Append("\nDeclarations these lines use, from other files:\n\n");
            foreach (var declaration in declarations)
            {
                ExplainPrompt.Fence(user, language, declaration.Text);
            }
        }

        user.Append("\nReply with the corrected lines ").Append(firstLine).Append('-').Append(lastLine).Append(" in one ```").Append(language).Append(" block.");
        return [ChatMessage.System(System), ChatMessage.User(user.ToString())];
    }

    /// <summary>Adds a rejected answer and the reason, for the next attempt.</summary>
    public static void Reject(List<ChatMessage> conversation, string reply, string reason) =>
        conversation.AddRange([ChatMessage.Assistant(reply), ChatMessage.User($"That is not accepted: {reason} Reply with a different correction, in one code block.")]);

    /// <summary>The contents of the first fenced code block of a reply; null when it has none.</summary>
    public static string? ExtractCode(string reply)
    {
        var match = CodeBlock().Match(reply);
        return match.Success ? match.Groups["code"].Value : null;
    }

    [GeneratedRegex(@"(?<fence>`{3,})[^\n`]*\n(?<code>[\s\S]*?)\n?\k<fence>")]
    private static partial Regex CodeBlock();
}
