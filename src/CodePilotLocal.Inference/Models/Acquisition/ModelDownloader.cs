using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CodePilotLocal.Inference.Models.Acquisition;

/// <summary>
/// Downloads a model into the user cache: the only time CodePilot uses the network on its own, and only
/// when asked. The file grows as FILE.part (so an interrupted download resumes with an HTTP Range request
/// and is never mistaken for a model), its sha256 is checked against the expected one, and only then is
/// it renamed into place; a wrong checksum deletes the part and leaves nothing behind.
/// </summary>
public sealed class ModelDownloader(HttpClient http, string modelDirectory)
{
    public const string DefaultBaseUrl = "https://huggingface.co";

    /// <returns>The verified file in the cache.</returns>
    /// <exception cref="ModelDownloadException">Not found, unreachable, no checksum to check, or a wrong one.</exception>
    public async Task<string> PullAsync(CatalogModel model, Uri baseUrl, string? expectedSha256, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(modelDirectory);
        var target = Path.Combine(modelDirectory, model.File);
        var part = target + ".part";
        var url = new Uri(baseUrl.ToString().TrimEnd('/') + "/" + model.PathOnHub);
        var expected = Normalize(expectedSha256 ?? model.Sha256)
            ?? await PublishedChecksumAsync(baseUrl, model, url, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelDownloadException($"No checksum to verify {model.File} against: neither the catalog, {url}.sha256 nor the hub's file list has one. Pass --sha256 HEX (from whoever published the file).");

        if (File.Exists(target) && await Sha256Async(target, cancellationToken).ConfigureAwait(false) == expected)
        {
            return target;
        }

        await DownloadAsync(url, part, progress, cancellationToken).ConfigureAwait(false);
        var actual = await Sha256Async(part, cancellationToken).ConfigureAwait(false);
        if (actual != expected)
        {
            File.Delete(part);
            throw new ModelDownloadException($"The download of {model.File} has sha256 {actual}, not the expected {expected}: it was deleted and nothing was installed. Try again, or check the mirror.");
        }

        File.Move(part, target, overwrite: true);
        await File.WriteAllTextAsync(target + ".sha256", expected + "  " + model.File + "\n", cancellationToken).ConfigureAwait(false);
        return target;
    }

    private async Task DownloadAsync(Uri url, string part, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var resumeFrom = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (resumeFrom > 0)
        {
            request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return; // the part is already whole; the checksum decides
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ModelDownloadException(response.StatusCode == HttpStatusCode.NotFound
                ? $"{url} does not exist (HTTP 404): check the model name, or that the mirror has it."
                : $"{url} answered HTTP {(int)response.StatusCode}.");
        }

        var append = response.StatusCode == HttpStatusCode.PartialContent;
        if (!append)
        {
            resumeFrom = 0; // the server ignored the range: start over
        }

        var total = response.Content.Headers.ContentLength is { } length ? length + resumeFrom : (long?)null;
        await using var output = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[1 << 16];
        var received = resumeFrom;
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                received += read;
                progress?.Report(new DownloadProgress(received, total, resumeFrom));
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new ModelDownloadException($"The download of {url} broke off after {received:N0} bytes ({e.GetBaseException().Message}). Run the same command again to resume.", e);
        }

        if (total is { } expectedLength && received < expectedLength)
        {
            throw new ModelDownloadException($"The download of {url} broke off after {received:N0} of {expectedLength:N0} bytes. Run the same command again to resume.");
        }
    }

    /// <summary>A mirror's FILE.sha256, else the hub's LFS checksum from its file list; null when neither says.</summary>
    private async Task<string?> PublishedChecksumAsync(Uri baseUrl, CatalogModel model, Uri url, CancellationToken cancellationToken)
    {
        using (var sidecar = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url + ".sha256"), cancellationToken).ConfigureAwait(false))
        {
            if (sidecar.IsSuccessStatusCode)
            {
                var text = await sidecar.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (Normalize(text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()) is { } published)
                {
                    return published;
                }
            }
        }

        using var list = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{baseUrl.ToString().TrimEnd('/')}/api/models/{model.Repository}/tree/main"), cancellationToken).ConfigureAwait(false);
        if (!list.IsSuccessStatusCode)
        {
            return null;
        }

        try
        {
            var files = JsonNode.Parse(await list.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) as JsonArray;
            var entry = files?.FirstOrDefault(f => (string?)f?["path"] == model.File);
            return Normalize((string?)entry?["lfs"]?["oid"]);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ModelDownloadException($"{request.RequestUri} cannot be reached: {e.GetBaseException().Message}", e);
        }
        finally
        {
            request.Dispose();
        }
    }

    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    private static string? Normalize(string? sha256) =>
        sha256?.Trim().ToLowerInvariant() is { Length: 64 } hex && hex.All(Uri.IsHexDigit) ? hex : null;
}
