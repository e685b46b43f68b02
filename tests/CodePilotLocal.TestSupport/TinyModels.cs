using CodePilotLocal.Inference.Models;

namespace CodePilotLocal.TestSupport;

/// <summary>Random-weight models generated once per test process. Their text is noise: assert mechanics only.</summary>
public static class TinyModels
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "codepilot-tests", "models-" + Environment.ProcessId);
    private static readonly Lazy<string> QwenLayout = new(() => Make("tiny-qwen.gguf", null));
    private static readonly Lazy<string> StarCoderVocabulary = new(() =>
        Make("tiny-starcoder-vocab.gguf", TestPaths.SharedModel("ggml-vocab-starcoder.gguf")));

    /// <summary>qwen2 graph, built-in byte-level vocabulary with Qwen's FIM and repo-level tokens.</summary>
    public static string Qwen => QwenLayout.Value;

    /// <summary>The same graph with StarCoder's real tokenizer (needs ../shared/models).</summary>
    public static string StarCoder => StarCoderVocabulary.Value;

    private static string Make(string name, string? vocabulary)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            TinyModelFactory.Write(path, ModelShapes.Tiny, vocabulary);
        }

        return path;
    }
}
