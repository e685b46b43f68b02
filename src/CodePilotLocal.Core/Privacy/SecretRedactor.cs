using System.Text.RegularExpressions;

namespace CodePilotLocal.Core.Privacy;

/// <summary>
/// Replaces secrets with a placeholder before text enters a prompt: private key blocks, tokens with
/// well-known prefixes, and long random-looking values assigned to secret-sounding names.
/// Errs on the side of redacting: a lost string literal costs a worse suggestion, a leaked key costs more.
/// </summary>
public static partial class SecretRedactor
{
    public const string Placeholder = "<redacted>";

    /// <summary>Shannon entropy (bits per character) above which an assigned value looks random.</summary>
    public const double RandomEntropy = 3.0;

    public static string Redact(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        text = PrivateKeyBlock().Replace(text, Placeholder);
        text = KnownTokens().Replace(text, Placeholder);
        return SecretAssignment().Replace(text, m =>
        {
            var value = m.Groups["value"];
            var quoted = m.Groups["quote"].Success;
            var looksRandom = Entropy(value.Value) >= RandomEntropy
                && (quoted || (value.Value.Any(char.IsAsciiDigit) && value.Value.Any(char.IsAsciiLetter)));
            return looksRandom
                ? string.Concat(m.Value.AsSpan(0, value.Index - m.Index), Placeholder, m.Value.AsSpan(value.Index - m.Index + value.Length))
                : m.Value;
        });
    }

    /// <summary>True when redaction would change the text.</summary>
    public static bool ContainsSecret(string text) => Redact(text) != text;

    internal static double Entropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        return -counts.Values.Sum(n => (double)n / value.Length * Math.Log2((double)n / value.Length));
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\z)")]
    private static partial Regex PrivateKeyBlock();

    // GitHub, GitLab, AWS access keys, Slack, OpenAI/Anthropic-style sk- keys, Stripe, Google API keys, npm, JWTs.
    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_\-]{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abposr]-[A-Za-z0-9\-]{10,}|sk-(?:[A-Za-z0-9]+-)*[A-Za-z0-9_\-]{20,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_\-]{35}|npm_[A-Za-z0-9]{36}|eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})")]
    private static partial Regex KnownTokens();

    // name = "value" / name: value / "name": "value", where the name sounds like a secret. Unquoted values
    // must mix letters and digits, so that `password = ReadPassword()` stays.
    [GeneratedRegex(@"(?i)\b[A-Za-z0-9_.\-]*?(?:secret|passw(?:or)?d|pwd|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credential|connection[_\-]?string)[A-Za-z0-9_.\-]*[""']?\s*(?::=|=>|[:=])\s*@?(?:(?<quote>[""'`])(?<value>[^""'`\s]{8,})\k<quote>|(?<value>[A-Za-z0-9+/=_\-.~]{12,}))")]
    private static partial Regex SecretAssignment();
}
