using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.Gguf;

namespace CodePilotLocal.Inference.Models;

/// <summary>Reads a GGUF header into a <see cref="ModelInfo"/> and a token-text → id table.</summary>
public static class ModelInspector
{
    public static ModelInfo Inspect(string path) => Inspect(GgufReader.Read(path), out _);

    public static ModelInfo Inspect(GgufFile file, out TokenTable tokenTable)
    {
        var tokens = file.GetStringArray("tokenizer.ggml.tokens") ?? [];
        tokenTable = new TokenTable(tokens);
        string? TokenText(string key) =>
            file.GetInteger(key) is { } id && id >= 0 && id < tokens.Length ? tokens[id] : null;

        var explicitTokens = new ExplicitFimTokens(
            TokenText("tokenizer.ggml.fim_pre_token_id"),
            TokenText("tokenizer.ggml.fim_suf_token_id"),
            TokenText("tokenizer.ggml.fim_mid_token_id"),
            TokenText("tokenizer.ggml.fim_pad_token_id"),
            TokenText("tokenizer.ggml.fim_rep_token_id"),
            TokenText("tokenizer.ggml.fim_sep_token_id"),
            TokenText("tokenizer.ggml.eos_token_id"));

        var parameters = file.Tensors.Aggregate(0L, (sum, t) => sum + (long)t.ElementCount);
        return new ModelInfo
        {
            Path = file.Path,
            Name = file.GetString("general.name") ?? System.IO.Path.GetFileNameWithoutExtension(file.Path),
            Architecture = file.Architecture ?? "unknown",
            FileSize = file.FileLength,
            TensorCount = file.Tensors.Count,
            ContextLength = file.GetArchInteger("context_length"),
            EmbeddingLength = file.GetArchInteger("embedding_length"),
            BlockCount = file.GetArchInteger("block_count"),
            KeyLength = file.GetArchInteger("attention.key_length")
                ?? (file.GetArchInteger("embedding_length") / file.GetArchInteger("attention.head_count")),
            ParameterCount = parameters,
            TokenizerModel = file.GetString("tokenizer.ggml.model"),
            VocabularySize = tokens.Length,
            FimTemplate = FimTemplateCatalog.Detect(tokenTable, explicitTokens),
            HasChatTemplate = file.GetString("tokenizer.chat_template") is not null,
        };
    }
}
