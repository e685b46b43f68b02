using System.Security.Cryptography;
using CodePilotLocal.Inference.Gguf;

namespace CodePilotLocal.Inference.Models.Acquisition;

/// <summary>
/// Brings a GGUF carried in by hand (a USB stick on an air-gapped machine) into the user cache, where the
/// server finds it: checked to be a model with weights first, copied through a .part file (a full disk
/// leaves no half model), its sha256 recorded beside it for `codepilot doctor` and later checks.
/// </summary>
public static class ModelImporter
{
    /// <returns>The model as installed, and its sha256.</returns>
    /// <exception cref="ModelLoadException">The file is not a usable GGUF model.</exception>
    public static async Task<(ModelInfo Model, string Sha256)> ImportAsync(string source, string modelDirectory, CancellationToken cancellationToken)
    {
        ModelInfo inspected;
        try
        {
            inspected = ModelInspector.Inspect(source);
        }
        catch (Exception e) when (e is GgufFormatException or IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"{source} is not a GGUF model: {e.Message}", e);
        }

        if (inspected.IsVocabularyOnly)
        {
            throw new ModelLoadException($"{source} holds a vocabulary only (no weights): it cannot generate.");
        }

        Directory.CreateDirectory(modelDirectory);
        var target = Path.Combine(modelDirectory, Path.GetFileName(source));
        var part = target + ".part";
        string sha256;
        await using (var input = File.OpenRead(source))
        await using (var output = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        File.Move(part, target, overwrite: true);
        await File.WriteAllTextAsync(target + ".sha256", sha256 + "  " + Path.GetFileName(target) + "\n", cancellationToken).ConfigureAwait(false);
        return (ModelInspector.Inspect(target), sha256);
    }
}
