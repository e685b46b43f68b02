using System.Security.Cryptography;
using CodePilotLocal.Inference.Gguf;

namespace CodePilotLocal.Inference.Models.Acquisition;

/// <summary>
/// Brings a GGUF carried in by hand (a USB stick on an air-gapped machine) into the user cache, where the
/// server finds it: checked to be a model with weights first, copied through a .part file (a full disk
/// leaves no half model), its sha256 checked against the one the user was given (a mismatch keeps
/// nothing) and recorded beside it for `codepilot doctor` and later checks.
/// </summary>
public static class ModelImporter
{
    /// <param name="expectedSha256">The published checksum (lower or upper case hex), or null to import unchecked.</param>
    /// <returns>The model as installed, and its sha256.</returns>
    /// <exception cref="ModelLoadException">The file is not a usable GGUF model, or its sha256 is not the expected one.</exception>
    public static async Task<(ModelInfo Model, string Sha256)> ImportAsync(
        string source, string modelDirectory, string? expectedSha256, CancellationToken cancellationToken)
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
        try
        {
            sha256 = await CopyAsync(source, part, cancellationToken).ConfigureAwait(false);
            if (expectedSha256 is not null && !string.Equals(sha256, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelLoadException(
                    $"{source}: sha256 {sha256} is not the expected {expectedSha256.ToLowerInvariant()}; the file is damaged or not the published one. Nothing was imported.");
            }

            File.Move(part, target, overwrite: true);
        }
        finally
        {
            File.Delete(part);
        }

        await File.WriteAllTextAsync(target + ".sha256", sha256 + "  " + Path.GetFileName(target) + "\n", cancellationToken).ConfigureAwait(false);
        return (ModelInspector.Inspect(target), sha256);
    }

    /// <returns>The sha256 of what was copied.</returns>
    private static async Task<string> CopyAsync(string source, string destination, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(source);
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
