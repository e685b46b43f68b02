namespace CodePilotLocal.Inference.Models;

/// <summary>
/// Shapes for <c>model make-tiny --shape</c>. The named shapes copy the published config.json of each model
/// (hidden_size, num_hidden_layers, num_attention_heads, num_key_value_heads, intermediate_size, vocab_size),
/// so a random-weight file costs the CPU what the real one does.
/// </summary>
public static class ModelShapes
{
    public static readonly ModelShape Tiny = new(
        "tiny", "qwen2", 64, 2, 4, 2, 128, 0, 4096, 1_000_000f, 1e-6f,
        "a few hundred KB: for tests, any machine");

    public static readonly ModelShape Qwen25Coder05B = new(
        "qwen2.5-coder-0.5b", "qwen2", 896, 24, 14, 2, 4864, 151_936, 32_768, 1_000_000f, 1e-6f,
        "Qwen2.5-Coder-0.5B dimensions (~0.5 GB at q8_0)");

    public static readonly ModelShape Qwen25Coder15B = new(
        "qwen2.5-coder-1.5b", "qwen2", 1536, 28, 12, 2, 8960, 151_936, 32_768, 1_000_000f, 1e-6f,
        "Qwen2.5-Coder-1.5B dimensions (~1.7 GB at q8_0)");

    public static readonly ModelShape DeepSeekCoder13B = new(
        "deepseek-coder-1.3b", "llama", 2048, 24, 16, 16, 5504, 32_256, 16_384, 100_000f, 1e-6f,
        "DeepSeek-Coder-1.3B dimensions (~1.4 GB at q8_0)");

    public static IReadOnlyList<ModelShape> All { get; } = [Tiny, Qwen25Coder05B, Qwen25Coder15B, DeepSeekCoder13B];

    public static ModelShape? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
