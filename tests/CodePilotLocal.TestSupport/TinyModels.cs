using CodePilotLocal.Inference.Models;

namespace CodePilotLocal.TestSupport;

/// <summary>Random-weight models generated once per test process. Their text is noise: assert mechanics only.</summary>
public static class TinyModels
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "codepilot-tests", "models-" + Environment.ProcessId);
    private static readonly Lazy<string> QwenLayout = new(() =>
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "tiny-qwen.gguf");
        TinyModelFactory.Write(path, ModelShapes.Tiny);
        return path;
    });

    private static readonly Lazy<string> ZetaLayout = new(() =>
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "tiny-zeta.gguf");
        TinyModelFactory.Write(path, ModelShapes.Tiny, name: "zeta-tiny");
        return path;
    });

    private static readonly Lazy<string> StarCoderLayout = new(() =>
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "tiny-starcoder-vocab.gguf");
        TinyModelFactory.Write(path, ModelShapes.Tiny, TestPaths.SharedModel("ggml-vocab-starcoder.gguf"));
        return path;
    });

    /// <summary>qwen2 graph, built-in byte-level vocabulary with Qwen's FIM and repo-level tokens.</summary>
    public static string Qwen => QwenLayout.Value;

    /// <summary>The same, named as Zed's Zeta is: next edits get Zeta's prompt format.</summary>
    public static string Zeta => ZetaLayout.Value;

    /// <summary>
    /// The tiny graph with StarCoder's real BPE vocabulary from ../shared/models (check <see cref="TestPaths.HasSharedModel"/>
    /// first): it never writes half a character, so llama-server answers all of its requests.
    /// </summary>
    public static string StarCoderVocabulary => StarCoderLayout.Value;
}
