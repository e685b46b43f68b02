using CodePilotLocal.Inference.Gguf;

namespace CodePilotLocal.Inference.Models;

/// <summary>
/// A self-made byte-level BPE tokenizer in the layout of Qwen2.5-Coder's ("gpt2" model, "qwen2"
/// pre-tokenizer): the 256 byte tokens, the Qwen FIM and repo-level special tokens, and filler word
/// tokens up to the requested size. With no merges every byte of a prompt is one token (honest, if
/// long, prompts); the fillers are never produced by tokenizing, only by generating, and read as " w123".
/// </summary>
public static class ByteLevelVocabulary
{
    private const int Normal = 1;
    private const int Control = 3;

    public static readonly string[] SpecialTokens =
    [
        "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
        "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>",
    ];

    /// <summary>Qwen's ChatML template, as Qwen2.5-Coder-Instruct files carry it (llama.cpp recognises it by "&lt;|im_start|&gt;").</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    /// <returns>The tokens' texts.</returns>
    public static string[] AddTo(GgufWriter writer, int minimumSize)
    {
        var tokens = new List<string>(Math.Max(minimumSize, 300));
        var types = new List<int>(tokens.Capacity);
        foreach (var text in ByteTokenTexts())
        {
            tokens.Add(text);
            types.Add(Normal);
        }

        var firstSpecial = tokens.Count;
        foreach (var special in SpecialTokens)
        {
            tokens.Add(special);
            types.Add(Control);
        }

        while (tokens.Count < minimumSize)
        {
            tokens.Add($"Ġw{tokens.Count}"); // "Ġ" is the byte-level spelling of a space
            types.Add(Normal);
        }

        var texts = tokens.ToArray();
        writer.Add("tokenizer.ggml.model", "gpt2")
            .Add("tokenizer.ggml.pre", "qwen2")
            .Add("tokenizer.ggml.tokens", new GgufArray(GgufValueType.String, texts))
            .Add("tokenizer.ggml.token_type", new GgufArray(GgufValueType.Int32, types.ToArray()))
            .Add("tokenizer.ggml.merges", new GgufArray(GgufValueType.String, Array.Empty<string>()))
            .Add("tokenizer.ggml.eos_token_id", (uint)firstSpecial)
            .Add("tokenizer.ggml.padding_token_id", (uint)firstSpecial)
            .Add("tokenizer.ggml.bos_token_id", (uint)firstSpecial)
            .Add("tokenizer.chat_template", ChatMlTemplate)
            .Add("tokenizer.ggml.add_bos_token", false);
        return texts;
    }

    /// <summary>GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest map above U+0100.</summary>
    internal static IEnumerable<string> ByteTokenTexts()
    {
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            yield return char.ConvertFromUtf32(printable ? b : next++);
        }
    }
}
