using System.Text;

namespace CodePilotLocal.Core.Guidance;

/// <summary>
/// The guidance a server that takes GBNF grammars (llama.cpp's llama-server) can apply: the start of the
/// generation only. It must reproduce the healed text, and with the cursor right after a dot it must spell
/// one of the receiver's members and then leave the name; anything may follow. Members named later in
/// the generation are not guarded there (that needs the local engine's per-token masks).
/// Format: https://github.com/ggml-org/llama.cpp/blob/master/grammars/README.md
/// </summary>
public static class StartGrammar
{
    /// <returns>The grammar, or null when there is nothing to constrain.</returns>
    public static string? For(string healed, IReadOnlyList<string>? members)
    {
        var names = members?.Where(n => n.Length > 0 && n.StartsWith(healed, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (names is { Count: > 0 })
        {
            return $"root ::= ({string.Join(" | ", names.Select(Literal))}) ([^a-zA-Z0-9_] any)?\nany ::= [^\\x00]*\n";
        }

        return healed.Length > 0 ? $"root ::= {Literal(healed)} any\nany ::= [^\\x00]*\n" : null;
    }

    private static string Literal(string text)
    {
        var literal = new StringBuilder("\"");
        foreach (var c in text)
        {
            literal.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }

        return literal.Append('"').ToString();
    }
}
