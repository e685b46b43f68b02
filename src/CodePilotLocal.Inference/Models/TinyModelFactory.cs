using CodePilotLocal.Inference.Gguf;

namespace CodePilotLocal.Inference.Models;

/// <summary>
/// Writes a valid GGUF of a real llama or qwen2 graph with random weights, so the whole FIM path runs
/// through llama.cpp on any machine and latency can be measured at a real model's size. Its text is
/// noise: never judge a suggestion from such a model.
/// </summary>
public static class TinyModelFactory
{
    private const float WeightScale = 0.1f / 73f; // uniform int8 in [-127,127] has std ~73: weights get std ~0.1

    /// <param name="vocabularySource">A GGUF whose tokenizer.* keys are copied (for example a vocab-only file);
    /// null for the built-in byte-level vocabulary with Qwen's FIM tokens.</param>
    /// <param name="name">The model's name; "(NOT a trained model)" is added to it. Default: random-SHAPE.</param>
    public static void Write(string path, ModelShape shape, string? vocabularySource = null, int seed = 1234, string? name = null)
    {
        var writer = new GgufWriter();
        var arch = shape.Architecture;
        writer.Add("general.architecture", arch)
            .Add("general.name", $"{name ?? "random-" + shape.Name} (NOT a trained model)")
            .Add("general.file_type", 7u) // LLAMA_FTYPE_MOSTLY_Q8_0
            .Add("general.quantization_version", 2u);

        string[] tokens;
        IReadOnlySet<int> broken;
        if (vocabularySource is null)
        {
            tokens = ByteLevelVocabulary.AddTo(writer, shape.VocabularySize);
            broken = new HashSet<int>(); // the tests' own models keep the weights their expectations were written for
        }
        else
        {
            var source = GgufReader.Read(vocabularySource);
            foreach (var (key, value) in source.Metadata.Where(kv => kv.Key.StartsWith("tokenizer.", StringComparison.Ordinal)))
            {
                writer.Add(key, value);
            }

            tokens = source.GetStringArray("tokenizer.ggml.tokens")
                ?? throw new GgufFormatException($"{vocabularySource} has no tokenizer.ggml.tokens to copy.");
            broken = BrokenCharacterTokens.In(tokens, source.GetString("tokenizer.ggml.model"));
        }

        var vocabularySize = tokens.Length;

        var headDimension = shape.EmbeddingLength / shape.HeadCount;
        writer.Add($"{arch}.context_length", (uint)shape.ContextLength)
            .Add($"{arch}.embedding_length", (uint)shape.EmbeddingLength)
            .Add($"{arch}.block_count", (uint)shape.BlockCount)
            .Add($"{arch}.feed_forward_length", (uint)shape.FeedForwardLength)
            .Add($"{arch}.attention.head_count", (uint)shape.HeadCount)
            .Add($"{arch}.attention.head_count_kv", (uint)shape.KeyValueHeadCount)
            .Add($"{arch}.attention.layer_norm_rms_epsilon", shape.RmsEpsilon)
            .Add($"{arch}.rope.freq_base", shape.RopeFrequencyBase)
            .Add($"{arch}.rope.dimension_count", (uint)headDimension)
            .Add($"{arch}.vocab_size", (uint)vocabularySize);

        var random = new Random(seed);
        var embd = (ulong)shape.EmbeddingLength;
        var kv = (ulong)(headDimension * shape.KeyValueHeadCount);
        var ff = (ulong)shape.FeedForwardLength;
        var vocab = (ulong)vocabularySize;

        void Matrix(string name, ulong columns, ulong rows, IReadOnlySet<int>? zeroRows = null) =>
            writer.AddTensor(name, [columns, rows], GgmlType.Q8_0, s => WriteRandomQ8(s, columns, rows, random, zeroRows));
        void Vector(string name, ulong length, float value) =>
            writer.AddTensor(name, [length], GgmlType.F32, s => WriteConstant(s, length, value));

        Matrix("token_embd.weight", embd, vocab);
        for (var layer = 0; layer < shape.BlockCount; layer++)
        {
            var p = $"blk.{layer}.";
            Vector(p + "attn_norm.weight", embd, 1f);
            Matrix(p + "attn_q.weight", embd, embd);
            Matrix(p + "attn_k.weight", embd, kv);
            Matrix(p + "attn_v.weight", embd, kv);
            if (arch == "qwen2")
            {
                Vector(p + "attn_q.bias", embd, 0f);
                Vector(p + "attn_k.bias", kv, 0f);
                Vector(p + "attn_v.bias", kv, 0f);
            }

            Matrix(p + "attn_output.weight", embd, embd);
            Vector(p + "ffn_norm.weight", embd, 1f);
            Matrix(p + "ffn_gate.weight", embd, ff);
            Matrix(p + "ffn_up.weight", embd, ff);
            Matrix(p + "ffn_down.weight", ff, embd);
        }

        Vector("output_norm.weight", embd, 1f);
        // Untied head: with tied random embeddings the network echoes its last token, often a special one.
        // Rows of zeros for pieces of characters: never chosen, so answers are valid UTF-8 (see BrokenCharacterTokens).
        Matrix("output.weight", embd, vocab, broken);
        writer.WriteTo(path);
    }

    private static void WriteRandomQ8(Stream stream, ulong columns, ulong rows, Random random, IReadOnlySet<int>? zeroRows)
    {
        var scale = BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)WeightScale));
        var block = new byte[34];
        block[0] = scale[0];
        block[1] = scale[1];
        var quants = block.AsSpan(2);
        for (ulong i = 0; i < columns * rows / 32; i++)
        {
            random.NextBytes(quants);
            if (zeroRows is not null && zeroRows.Contains((int)(i * 32 / columns)))
            {
                quants.Clear();
            }

            for (var q = 0; q < quants.Length; q++)
            {
                if (quants[q] == 0x80)
                {
                    quants[q] = 0x81; // keep int8 in [-127, 127] like ggml's quantizer
                }
            }

            stream.Write(block);
        }
    }

    private static void WriteConstant(Stream stream, ulong count, float value)
    {
        var bytes = BitConverter.GetBytes(value);
        for (ulong i = 0; i < count; i++)
        {
            stream.Write(bytes);
        }
    }
}
