using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Inference.Remote;

/// <summary>
/// What a remote server serves, asked once on connect: the model's name, llama-server's slot count, and
/// which FIM tokens its vocabulary has (through /tokenize, which llama-server and vLLM offer), so the FIM
/// template is chosen from the vocabulary as for a local model. Only where a server cannot say (Ollama,
/// TGI) is the template guessed from the model's name, or taken from the 'fimTemplate' setting.
/// </summary>
internal sealed class RemoteProbe(HttpClient http, RemoteBackendOptions options)
{
    public async Task<(string Name, int? TotalSlots)> LlamaServerPropertiesAsync(CancellationToken cancellationToken)
    {
        var props = await GetJsonAsync("props", cancellationToken).ConfigureAwait(false);
        var path = (string?)props?["model_path"];
        var name = options.ModelName ?? (path is null ? "llama-server" : Path.GetFileNameWithoutExtension(path));
        return (name, (int?)props?["total_slots"]);
    }

    public async Task<string> OpenAiModelAsync(CancellationToken cancellationToken)
    {
        var models = await GetJsonAsync("v1/models", cancellationToken).ConfigureAwait(false);
        var served = (models?["data"] as JsonArray)?.Select(m => (string?)m?["id"]).OfType<string>().ToList() ?? [];
        if (options.ModelName is { } wanted)
        {
            return served.Count == 0 || served.Contains(wanted)
                ? wanted
                : throw new RemoteBackendException($"The remote backend {options.Endpoint} does not serve the model '{wanted}'; it serves: {string.Join(", ", served)}.");
        }

        return served.FirstOrDefault()
            ?? throw new RemoteBackendException($"The remote backend {options.Endpoint} lists no models; set 'modelName'.");
    }

    /// <exception cref="RemoteBackendException">The template can be neither asked nor guessed.</exception>
    public async Task<FimTemplate> FimTemplateAsync(string modelName, CancellationToken cancellationToken)
    {
        if (options.FimTemplate is { } configured)
        {
            return FimTemplateCatalog.Named(configured)!;
        }

        if (await VocabularyAsync(cancellationToken).ConfigureAwait(false) is { } vocabulary)
        {
            return FimTemplateCatalog.Detect(vocabulary)
                ?? throw new RemoteBackendException($"The model '{modelName}' at {options.Endpoint} has no fill-in-the-middle tokens in its vocabulary; serve a code model with FIM training (e.g. Qwen2.5-Coder).");
        }

        return GuessFromName(modelName)
            ?? throw new RemoteBackendException($"Cannot tell which fill-in-the-middle format '{modelName}' at {options.Endpoint} uses (the server has no /tokenize); set 'fimTemplate' to one of {string.Join(", ", FimTemplateCatalog.Known.Select(t => t.Name))}.");
    }

    /// <summary>The FIM token texts the server's vocabulary has as one token each; null when it cannot tokenize for us.</summary>
    private async Task<TokenSet?> VocabularyAsync(CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in FimTemplateCatalog.CandidateTokens)
        {
            // llama-server reads "content", vLLM "prompt"; both parse special tokens in it.
            var body = new JsonObject { ["content"] = token, ["prompt"] = token, ["add_special"] = false, ["add_special_tokens"] = false };
            if (options.ModelName is { } model)
            {
                body["model"] = model;
            }

            using var response = await SendAsync(HttpMethod.Post, "tokenize", JsonContent.Create(body), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
            {
                return null;
            }

            var json = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
            if (json?["tokens"] is JsonArray { Count: 1 })
            {
                found.Add(token);
            }
        }

        return new TokenSet(found);
    }

    private static FimTemplate? GuessFromName(string modelName)
    {
        var name = modelName.ToLowerInvariant();
        return name switch
        {
            _ when name.Contains("qwen") && name.Contains("coder") => FimTemplateCatalog.Qwen,
            _ when name.Contains("starcoder") => FimTemplateCatalog.StarCoder,
            _ when name.Contains("deepseek-coder") || name.Contains("deepseek_coder") => FimTemplateCatalog.DeepSeekCoder,
            _ when name.Contains("codellama") || name.Contains("code-llama") => FimTemplateCatalog.CodeLlama,
            _ when name.Contains("codegemma") => FimTemplateCatalog.CodeGemma,
            _ => null,
        };
    }

    private async Task<JsonNode?> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RemoteBackendException(RemoteEngine.StatusMessage(options, response.StatusCode, text));
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new RemoteBackendException($"{options.Endpoint} does not look like a {BackendNames.Name(options.Kind)} server: {RemoteEngine.Shorten(text)}");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            return await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw RemoteEngine.Failure(options, e, deadline.IsCancellationRequested ? options.Timeout : null);
        }
    }

    private sealed class TokenSet(HashSet<string> tokens) : IVocabularyLookup
    {
        public bool Contains(string tokenText) => tokens.Contains(tokenText);
    }
}
