using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodePilotLocal.Core.Chat;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Core.Guidance;
using CodePilotLocal.Inference.Models;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Inference.Remote;

/// <summary>
/// An inference server a team runs, behind the same interface as the local model: the prompt is built here
/// (our FIM template, repository context, redaction) and sent as raw text — llama-server's /completion with
/// its prompt cache and a pinned slot, or an OpenAI-compatible /v1/completions — and the answer streams
/// back as server-sent events. Explain and fix go to /v1/chat/completions, where the server applies its
/// model's chat template. Every call is bounded: no answer within the timeout is a
/// <see cref="RemoteBackendException"/>, never a hang.
/// </summary>
public sealed class RemoteEngine : IInferenceEngine
{
    private readonly HttpClient _http;
    private readonly RemoteBackendOptions _options;
    private readonly int? _slot;
    private readonly ILogger _logger;

    private RemoteEngine(HttpClient http, RemoteBackendOptions options, ModelInfo model, int? slot, ILogger logger)
    {
        _http = http;
        _options = options;
        _slot = slot;
        _logger = logger;
        Model = model;
    }

    public ModelInfo Model { get; }

    public GuidanceSupport Guidance => _options.Kind == BackendKind.LlamaServer ? GuidanceSupport.Grammar : GuidanceSupport.None;

    /// <summary>Asks the server what it serves (model, slots, FIM tokens) and returns an engine for it.</summary>
    /// <exception cref="RemoteBackendException">The server cannot be reached, refuses, or its FIM format is unknown.</exception>
    public static async Task<RemoteEngine> ConnectAsync(RemoteBackendOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.Problem is { } problem)
        {
            throw new RemoteBackendException(problem);
        }

        var http = CreateClient(options);
        try
        {
            var probe = new RemoteProbe(http, options);
            var (name, totalSlots) = options.Kind == BackendKind.LlamaServer
                ? await probe.LlamaServerPropertiesAsync(cancellationToken).ConfigureAwait(false)
                : (await probe.OpenAiModelAsync(cancellationToken).ConfigureAwait(false), (int?)null);
            var template = await probe.FimTemplateAsync(name, cancellationToken).ConfigureAwait(false);
            int? slot = options.Kind == BackendKind.LlamaServer ? options.Slot ?? StableSlot(totalSlots ?? 1) : null;
            var model = new ModelInfo
            {
                Path = options.Endpoint!.ToString(),
                Name = name,
                Architecture = BackendNames.Name(options.Kind),
                FimTemplate = template,
                HasChatTemplate = true,
            };
            logger.LogWarning(
                "Code is sent to the remote endpoint {Endpoint} ({Kind}, model {Model}, {Template} FIM template{Slot}) for completions, explain and fix.",
                options.Endpoint, BackendNames.Name(options.Kind), name, template?.Name ?? "no", slot is null ? "" : $", slot {slot}");
            return new RemoteEngine(http, options, model, slot, logger);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Tokens estimated at four characters each: the server's tokenizer is a round trip away, and budgets only need an estimate.</summary>
    public int Count(string text) => ApproximateTokenCounter.Instance.Count(text);

    /// <summary>For display only: a remote engine sends the conversation itself (see <see cref="GenerationRequest.Conversation"/>).</summary>
    public IReadOnlyList<PromptPart> ChatPrompt(IReadOnlyList<ChatMessage> messages) =>
        messages.SelectMany(m => new[] { PromptPart.Markup($"[{m.Role}]\n"), PromptPart.Text(m.Content + "\n") }).ToList();

    public async IAsyncEnumerable<string> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var statistics = request.Statistics;
        if (request.TokensToGenerate == 0 && (_options.Kind != BackendKind.LlamaServer || request.Conversation is not null))
        {
            statistics.StopReason = "max-tokens"; // a prewarm only pays off where the server keeps a prompt cache for us
            yield break;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        var clock = Stopwatch.StartNew();
        var body = BodyFor(request);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, PathFor(request)) { Content = JsonContent.Create(body) }, deadline, cancellationToken)
            .ConfigureAwait(false);
        deadline.CancelAfter(_options.Timeout + request.TimeBudget); // the answer itself gets its time budget on top
        var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        await using var events = SseParser.Create(stream).EnumerateAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        var firstPiece = TimeSpan.Zero;
        statistics.StopReason = "end-of-text";
        while (true)
        {
            string? data;
            try
            {
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                data = events.Current.Data;
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                if (statistics.GeneratedTokens > 0)
                {
                    statistics.StopReason = "time-budget"; // what arrived is kept, as a local time budget keeps it
                    break;
                }

                throw Failure(_options, e, deadline.IsCancellationRequested ? _options.Timeout + request.TimeBudget : null);
            }

            if (data == "[DONE]")
            {
                break;
            }

            var piece = ReadEvent(data, request, statistics);
            if (!string.IsNullOrEmpty(piece))
            {
                if (statistics.GeneratedTokens++ == 0)
                {
                    firstPiece = clock.Elapsed;
                    statistics.PromptTime = firstPiece;
                }

                yield return piece;
            }

            statistics.GenerationTime = clock.Elapsed - firstPiece;
            if (statistics.GeneratedTokens > 0 && statistics.GenerationTime > request.TimeBudget)
            {
                statistics.StopReason = "time-budget"; // an OpenAI server has no t_max_predict_ms; closing the stream stops it
                break;
            }
        }
    }

    private string PathFor(GenerationRequest request) => (_options.Kind, request.Conversation) switch
    {
        (_, not null) => "v1/chat/completions",
        (BackendKind.LlamaServer, _) => "completion",
        _ => "v1/completions",
    };

    private JsonObject BodyFor(GenerationRequest request)
    {
        if (request.Conversation is { } conversation)
        {
            return new JsonObject
            {
                ["model"] = Model.Name,
                ["messages"] = new JsonArray(conversation.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
                ["max_tokens"] = request.MaxTokens,
                ["temperature"] = 0.2,
                ["stream"] = true,
                ["stream_options"] = new JsonObject { ["include_usage"] = true },
            };
        }

        var template = Model.FimTemplate!;
        var prompt = template.RenderForTextEndpoint(request.Prompt);
        var stops = new JsonArray(request.StopTokens.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
        if (_options.Kind == BackendKind.LlamaServer)
        {
            var body = new JsonObject
            {
                ["prompt"] = prompt,
                ["n_predict"] = request.TokensToGenerate,
                ["t_max_predict_ms"] = (int)request.TimeBudget.TotalMilliseconds,
                ["cache_prompt"] = true,
                ["temperature"] = 0.0,
                ["top_k"] = 1,
                ["samplers"] = new JsonArray("top_k"),
                ["stop"] = stops,
                ["stream"] = true,
            };
            if (_slot is { } slot)
            {
                body["id_slot"] = slot;
            }

            if (request.Guidance is { } guidance && StartGrammar.For(guidance.Healed, guidance.Oracle?.MembersAfter("")?.Names) is { } grammar)
            {
                body["grammar"] = grammar;
            }

            return body;
        }

        return new JsonObject
        {
            ["model"] = Model.Name,
            ["prompt"] = prompt,
            ["max_tokens"] = request.MaxTokens,
            ["temperature"] = 0.0,
            ["stop"] = stops,
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
        };
    }

    /// <summary>The text of one streamed event, recording the figures the server reports with it.</summary>
    private string? ReadEvent(string data, GenerationRequest request, GenerationStatistics statistics)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            throw new RemoteBackendException($"{_options.Endpoint} streamed something that is not JSON: {Shorten(data)}");
        }

        if (node?["error"] is { } error)
        {
            throw new RemoteBackendException($"{_options.Endpoint} failed while answering: {Shorten(error.ToJsonString())}");
        }

        if (node?["timings"] is JsonObject timings)
        {
            var evaluated = (int?)timings["prompt_n"] ?? 0;
            var cached = (int?)timings["cache_n"] ?? 0;
            statistics.PromptTokens = evaluated + cached;
            statistics.ReusedPromptTokens = cached;
        }

        if (node?["usage"] is JsonObject usage)
        {
            statistics.PromptTokens = (int?)usage["prompt_tokens"] ?? statistics.PromptTokens;
        }

        if ((string?)node?["stop_type"] is { } stopType)
        {
            statistics.StopReason = stopType switch { "limit" => "max-tokens", "word" => "stop-token", _ => "end-of-text" };
        }

        if (node?["choices"] is JsonArray { Count: > 0 } choices)
        {
            var choice = choices[0]!;
            if ((string?)choice["finish_reason"] == "length")
            {
                statistics.StopReason = "max-tokens";
            }

            return request.Conversation is null ? (string?)choice["text"] : (string?)choice["delta"]?["content"];
        }

        return (string?)node?["content"];
    }

    /// <param name="message">Makes the request; asked again for the one retry (a message is sent once).</param>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> message, CancellationTokenSource deadline, CancellationToken caller)
    {
        HttpResponseMessage response;
        try
        {
            try
            {
                response = await _http.SendAsync(message(), HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ResponseEnded && !deadline.IsCancellationRequested)
            {
                // A kept-alive connection the server had closed (llama-server closes one after an error event): the
                // request never reached it, so it is sent once more, on a new connection.
                response = await _http.SendAsync(message(), HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException && !caller.IsCancellationRequested)
        {
            throw Failure(_options, e, deadline.IsCancellationRequested ? _options.Timeout : null);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(caller).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.BadRequest && IsContextOverflow(body, out var promptTokens, out var contextSize))
                {
                    throw new PromptTooLongException(promptTokens, 0, contextSize); // the window shrinks, as for a local model
                }

                throw new RemoteBackendException(StatusMessage(_options, response.StatusCode, body));
            }
        }

        return response;
    }

    /// <summary>A request that failed on the way (no connection) or ran out of time.</summary>
    internal static RemoteBackendException Failure(RemoteBackendOptions options, Exception e, TimeSpan? timedOutAfter) =>
        new(timedOutAfter is { } limit
            ? $"The remote backend {options.Endpoint} gave no answer within {limit.TotalMilliseconds:0} ms."
            : $"The remote backend {options.Endpoint} cannot be reached: {e.GetBaseException().Message}", e);

    /// <summary>llama-server's exceed_context_size_error, or an OpenAI-style "maximum context length" refusal.</summary>
    private static bool IsContextOverflow(string body, out int promptTokens, out int contextSize)
    {
        (promptTokens, contextSize) = (0, 0);
        if (!body.Contains("exceed_context_size", StringComparison.Ordinal) && !body.Contains("maximum context length", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var error = JsonNode.Parse(body)?["error"];
            promptTokens = (int?)error?["n_prompt_tokens"] ?? 0;
            contextSize = (int?)error?["n_ctx"] ?? 0;
        }
        catch (JsonException)
        {
        }

        return true;
    }

    internal static string StatusMessage(RemoteBackendOptions options, HttpStatusCode status, string body) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            $"The remote backend {options.Endpoint} refused the request (HTTP {(int)status}): check the API key in ${options.ApiKeyVariable}.",
        _ => $"The remote backend {options.Endpoint} answered HTTP {(int)status}: {Shorten(body)}",
    };

    internal static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static HttpClient CreateClient(RemoteBackendOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout < TimeSpan.FromSeconds(5) ? options.Timeout : TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            UseProxy = false, // a team's box is on the LAN; a system proxy would be one more party seeing the code
        };
        if (!options.VerifyTls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        var root = options.Endpoint!.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (root.EndsWith("/v1", StringComparison.Ordinal))
        {
            root = root[..^3]; // "http://box:8000/v1" and "http://box:8000" mean the same server
        }

        var http = new HttpClient(handler) { BaseAddress = new Uri(root + "/"), Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        if (Environment.GetEnvironmentVariable(options.ApiKeyVariable) is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    /// <summary>A slot chosen from the user and the workspace, so each editor keeps its own prompt cache on a shared server.</summary>
    private static int StableSlot(int totalSlots)
    {
        var key = Environment.UserName + "@" + Environment.MachineName + ":" + Environment.CurrentDirectory;
        var hash = key.Aggregate(17u, (h, c) => unchecked((h * 31) + c));
        return (int)(hash % (uint)Math.Max(1, totalSlots));
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
