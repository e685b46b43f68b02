namespace CodePilotLocal.Inference.Models;

/// <summary>Where models live when nobody names one: the user cache, and how to choose among files found.</summary>
public static class ModelLocator
{
    /// <summary>$XDG_CACHE_HOME/codepilot/models, ~/.cache/codepilot/models, or %LOCALAPPDATA%\codepilot\models.</summary>
    public static string UserModelDirectory => Path.Combine(Core.UserCache.Directory, "models");

    /// <summary>
    /// The best model for completions among the GGUF files in the folders: one that can fill in the middle
    /// and has weights, a trained one before a random test model, then the largest. Null when none can.
    /// </summary>
    public static ModelInfo? FindBest(params string[] directories)
    {
        var candidates = new List<ModelInfo>();
        foreach (var directory in directories.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.gguf"))
            {
                try
                {
                    candidates.Add(ModelInspector.Inspect(file));
                }
                catch (Exception e) when (e is Gguf.GgufFormatException or IOException or UnauthorizedAccessException)
                {
                    // Not a usable model; the others may be.
                }
            }
        }

        return candidates
            .Where(m => m.FimTemplate is not null && !m.IsVocabularyOnly)
            .OrderBy(m => IsRandomTestModel(m) ? 1 : 0)
            .ThenByDescending(m => m.FileSize)
            .FirstOrDefault();
    }

    /// <summary>Random-weight files (ours and the shared test fixture) say so in general.name.</summary>
    public static bool IsRandomTestModel(ModelInfo model) =>
        model.Name.Contains("NOT a trained model", StringComparison.OrdinalIgnoreCase);
}
