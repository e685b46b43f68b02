namespace CodePilotLocal.Inference.Models.Acquisition;

/// <summary>
/// Code models we recommend, in the quantizations that suit an editor assistant. FIM-trained base models
/// complete; instruct models explain and fix. The checksums are not pinned here: none could be verified
/// on the offline machines this was written on, and a made-up pin is worse than none. `model pull` checks
/// the checksum the hub publishes for the file (its LFS sha256) or a mirror's `FILE.sha256`, or the one
/// given with --sha256, and refuses a download it cannot check.
/// </summary>
public static class ModelCatalog
{
    private const long MB = 1024L * 1024;

    public static IReadOnlyList<CatalogModel> Models { get; } =
    [
        new("qwen2.5-coder-0.5b", "ggml-org/Qwen2.5-Coder-0.5B-Q8_0-GGUF", "qwen2.5-coder-0.5b-q8_0.gguf", 531 * MB, 900 * MB,
            "completions on old or busy laptop CPUs; fastest first suggestion"),
        new("qwen2.5-coder-1.5b", "ggml-org/Qwen2.5-Coder-1.5B-Q8_0-GGUF", "qwen2.5-coder-1.5b-q8_0.gguf", 1646 * MB, 2200 * MB,
            "completions on a CPU: the default recommendation (repo-level context tokens)"),
        new("qwen2.5-coder-3b", "ggml-org/Qwen2.5-Coder-3B-Q8_0-GGUF", "qwen2.5-coder-3b-q8_0.gguf", 3290 * MB, 4000 * MB,
            "completions on a fast CPU or any GPU"),
        new("qwen2.5-coder-7b", "ggml-org/Qwen2.5-Coder-7B-Q8_0-GGUF", "qwen2.5-coder-7b-q8_0.gguf", 8100 * MB, 9000 * MB,
            "completions on a GPU (8 GB+) or a team's server"),
        new("qwen2.5-coder-1.5b-instruct", "Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF", "qwen2.5-coder-1.5b-instruct-q8_0.gguf", 1890 * MB, 2400 * MB,
            "explain and fix on a CPU (--explain-model)"),
        new("qwen2.5-coder-7b-instruct", "Qwen/Qwen2.5-Coder-7B-Instruct-GGUF", "qwen2.5-coder-7b-instruct-q4_k_m.gguf", 4680 * MB, 6000 * MB,
            "explain and fix on a GPU"),
        new("deepseek-coder-1.3b", "TheBloke/deepseek-coder-1.3b-base-GGUF", "deepseek-coder-1.3b-base.Q8_0.gguf", 1430 * MB, 2000 * MB,
            "completions on a CPU (DeepSeek FIM tokens)"),
        new("starcoder2-3b", "second-state/StarCoder2-3B-GGUF", "starcoder2-3b-Q4_K_M.gguf", 1850 * MB, 2600 * MB,
            "completions on a CPU (StarCoder FIM tokens, 600+ languages)"),
    ];

    public static CatalogModel? Find(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(m.File, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A catalog name, or any file on the hub or mirror written as OWNER/REPO/FILE.gguf (a team's own model).
    /// </summary>
    public static CatalogModel? Resolve(string name)
    {
        if (Find(name) is { } known)
        {
            return known;
        }

        var parts = name.Split('/');
        return parts.Length == 3 && parts[2].EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) && parts.All(p => p.Length > 0 && p is not ("." or ".."))
            ? new CatalogModel(parts[2], parts[0] + "/" + parts[1], parts[2], 0, 0, "named by path")
            : null;
    }
}
