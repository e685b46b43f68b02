using System.Text.RegularExpressions;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Core.Privacy;

namespace CodePilotLocal.Core.Chat;

/// <summary>
/// Separates a chat template's markup from the messages' content. The template is applied to
/// placeholder contents, and the result is split at the placeholders: what lies between them is the
/// template's markup (its special tokens are real), what replaces them is user content (tokenized as
/// plain text, and passed through the secret redactor), so code in a selection cannot open a turn.
/// </summary>
public static partial class ChatMarkup
{
    public static string Placeholder(int index) => $"\u0002{index}\u0003";

    /// <param name="applyTemplate">Renders the messages with the model's template, ending with the assistant's turn.</param>
    public static IReadOnlyList<PromptPart> Build(IReadOnlyList<ChatMessage> messages, Func<IReadOnlyList<ChatMessage>, string> applyTemplate)
    {
        var placeholders = messages.Select((m, i) => m with { Content = Placeholder(i) }).ToList();
        var rendered = applyTemplate(placeholders);
        var parts = new List<PromptPart>();
        var at = 0;
        foreach (Match match in PlaceholderPattern().Matches(rendered))
        {
            if (match.Index > at)
            {
                parts.Add(PromptPart.Markup(rendered[at..match.Index]));
            }

            parts.Add(PromptPart.Text(SecretRedactor.Redact(messages[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Content)));
            at = match.Index + match.Length;
        }

        if (at < rendered.Length)
        {
            parts.Add(PromptPart.Markup(rendered[at..]));
        }

        return parts;
    }

    [GeneratedRegex("\u0002([0-9]+)\u0003")]
    private static partial Regex PlaceholderPattern();
}
