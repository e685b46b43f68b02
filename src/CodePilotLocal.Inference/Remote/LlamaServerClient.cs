using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodePilotLocal.Inference.Remote;

/// <summary>
/// llama.cpp's llama-server native API (`/infill`, `/health`), as llama.vscode drives it. Used by
/// `codepilot bench --against` to replay the same session against the peer we measure ourselves by.
/// </summary>
public sealed class LlamaServerClient(HttpClient http) : IDisposable
{
    public static LlamaServerClient For(Uri endpoint) =>
        new(new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromMinutes(5) });

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("health", cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// POST /infill with prompt caching on and greedy sampling, like llama.vscode. Where the model wrote invalid
    /// UTF-8, as random-weight models do, llama-server refuses the finished answer ("does not match the expected
    /// Content-only format"): the request still counts as answered in full, its timings are lost. Streamed,
    /// most such answers arrive before the refusal (not streamed, none would).
    /// </summary>
    /// <param name="extra">Context from other files, as (file name, text) chunks.</param>
    public async Task<InfillResult> InfillAsync(
        string prefix, string suffix, IReadOnlyList<(string FileName, string Text)> extra, int maxTokens, TimeSpan timeBudget, CancellationToken cancellationToken)
    {
        var request = new
        {
            input_prefix = prefix,
            input_suffix = suffix,
            input_extra = extra.Select(e => new { filename = e.FileName, text = e.Text }).ToArray(),
            n_predict = maxTokens,
            t_max_predict_ms = (int)timeBudget.TotalMilliseconds,
            cache_prompt = true,
            temperature = 0.0,
            top_k = 1,
            samplers = new[] { "top_k" },
            stream = true,
        };
        // A body of known length, and a connection of its own: llama-server closes a connection after an error
        // event, and a POST sent on a pooled connection it had closed fails without an answer.
        using var message = new HttpRequestMessage(HttpMethod.Post, "infill")
        {
            Content = new StringContent(JsonSerializer.Serialize(request), System.Text.Encoding.UTF8, "application/json"),
            Headers = { ConnectionClose = true },
        };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return new InfillResult("", 0, 0, 0, 0, $"no answer: {e.Message}", Finished: false);
        }

        using var _ = response;
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new InfillResult("", 0, 0, 0, 0, $"HTTP {(int)response.StatusCode}: {error}", Finished: IsRefusalOfAFinishedAnswer(error));
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        var content = new System.Text.StringBuilder();
        InfillResponse? last = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            var json = line.StartsWith("data:", StringComparison.Ordinal) ? line[5..] : line.StartsWith("error:", StringComparison.Ordinal) ? line[6..] : null;
            if (json is null || json.Trim() is "" or "[DONE]")
            {
                continue;
            }

            var chunk = JsonSerializer.Deserialize<InfillResponse>(json)
                ?? throw new InvalidOperationException("llama-server sent an empty /infill event.");
            if (chunk.Error is { } error)
            {
                var refusal = error.GetRawText();
                return new InfillResult(content.ToString(), 0, 0, 0, 0, refusal, Finished: IsRefusalOfAFinishedAnswer(refusal));
            }

            content.Append(chunk.Content);
            last = chunk;
        }

        var timings = last?.Timings ?? throw new InvalidOperationException("llama-server's /infill stream ended without its timings.");
        var cached = timings.CacheN ?? last.TokensCached ?? 0;
        return new InfillResult(content.ToString(), timings.PromptN, cached, timings.PredictedN, timings.PredictedMs);
    }

    /// <summary>
    /// llama-server parses a finished answer before sending its end, and refuses one it cannot parse (invalid
    /// UTF-8 from a random-weight model): as an error event where it had streamed already, else as HTTP 500.
    /// </summary>
    private static bool IsRefusalOfAFinishedAnswer(string error) => error.Contains("does not match the expected", StringComparison.Ordinal);

    public void Dispose() => http.Dispose();

    private sealed record InfillResponse(
        [property: JsonPropertyName("content")] string? Content,
        [property: JsonPropertyName("tokens_cached")] int? TokensCached,
        [property: JsonPropertyName("timings")] InfillTimings? Timings,
        [property: JsonPropertyName("error")] JsonElement? Error = null);

    private sealed record InfillTimings(
        [property: JsonPropertyName("prompt_n")] int PromptN = 0,
        [property: JsonPropertyName("cache_n")] int? CacheN = null,
        [property: JsonPropertyName("predicted_n")] int PredictedN = 0,
        [property: JsonPropertyName("predicted_ms")] double PredictedMs = 0);
}

/// <param name="PromptTokensEvaluated">timings.prompt_n: prompt tokens the server had to evaluate.</param>
/// <param name="PromptTokensCached">timings.cache_n (or tokens_cached): prompt tokens reused from its cache.</param>
/// <param name="Error">Why the server answered with an error instead; its figures are then zero.</param>
/// <param name="Finished">The server did the whole work (generated its answer), error or not.</param>
public sealed record InfillResult(
    string Content, int PromptTokensEvaluated, int PromptTokensCached, int PredictedTokens, double PredictedMilliseconds, string? Error = null, bool Finished = true);
