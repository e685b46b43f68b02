using System.Globalization;
using System.Text.Unicode;

namespace CodePilotLocal.Inference.Models;

/// <summary>
/// Tokens whose text alone is not whole UTF-8 characters (pieces of a multi-byte character). A random-weight
/// model whose output rows for them are zero never chooses them: a zero logit loses to the largest of thousands
/// of random ones. Its answers are then valid text, which llama-server insists on before it sends an answer's
/// timings, so a side-by-side bench gets the peer's figures for every request.
/// </summary>
public static class BrokenCharacterTokens
{
    private static readonly Dictionary<char, byte> ByteOfCharacter = ByteLevelVocabulary.ByteTokenTexts()
        .Select((text, b) => (Character: text[0], Byte: (byte)b))
        .ToDictionary(p => p.Character, p => p.Byte);

    /// <param name="tokenizerModel">tokenizer.ggml.model: "gpt2" (byte-level BPE) or "llama" (SentencePiece with byte fallback); others have none.</param>
    public static IReadOnlySet<int> In(IReadOnlyList<string> tokens, string? tokenizerModel) => tokenizerModel switch
    {
        "gpt2" => Where(tokens, IsBrokenByteLevel),
        "llama" => Where(tokens, IsBrokenByteFallback),
        _ => new HashSet<int>(),
    };

    private static HashSet<int> Where(IReadOnlyList<string> tokens, Func<string, bool> broken) =>
        Enumerable.Range(0, tokens.Count).Where(i => broken(tokens[i])).ToHashSet();

    private static bool IsBrokenByteLevel(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!ByteOfCharacter.TryGetValue(token[i], out bytes[i]))
            {
                return false; // not byte-level text (a special token's own spelling)
            }
        }

        return !Utf8.IsValid(bytes);
    }

    private static bool IsBrokenByteFallback(string token) =>
        token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
        && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b) && b >= 0x80;
}
