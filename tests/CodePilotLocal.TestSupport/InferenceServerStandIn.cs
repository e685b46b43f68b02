using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CodePilotLocal.TestSupport;

/// <summary>
/// A real HTTP server on the loopback address that speaks what llama-server and OpenAI-compatible servers
/// speak (/props, /tokenize, /completion, /v1/models, /v1/completions, /v1/chat/completions, streamed as
/// server-sent events), for the engines that cannot run here (vLLM, Ollama). It answers with
/// <see cref="Pieces"/> and records every request it gets.
/// </summary>
public sealed class InferenceServerStandIn : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public InferenceServerStandIn()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>What a completion streams, one event each.</summary>
    public IReadOnlyList<string> Pieces { get; set; } = ["a + b;", "\n"];

    /// <summary>The pieces to stream for a completion request's body, when they depend on the request; null: <see cref="Pieces"/>.</summary>
    public Func<JsonNode?, IReadOnlyList<string>>? PiecesFor { get; set; }

    /// <summary>Token texts /tokenize treats as one token (a Qwen2.5-Coder vocabulary by default).</summary>
    public ISet<string> SpecialTokens { get; set; } = new HashSet<string>(["<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|endoftext|>", "<|file_sep|>", "<|repo_name|>", "<|fim_pad|>", "<|im_start|>", "<|im_end|>"]);

    public bool HasTokenize { get; set; } = true;

    public string ModelId { get; set; } = "qwen2.5-coder-1.5b-q8_0";

    /// <summary>When set, every request must carry "Authorization: Bearer {key}", else 401.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>Wait this long before answering a completion (a slow or hung server).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answer completions with this status instead (a failing server).</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>The body of that failure.</summary>
    public string FailBody { get; set; } = """{"error":{"message":"model crashed"}}""";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Completion streams the client closed before the end (a cancellation reached the server).</summary>
    public int AbandonedStreams => _abandoned;

    private int _abandoned;

    public IEnumerable<RecordedRequest> CompletionRequests =>
        Requests.Where(r => r.Path is "/completion" or "/v1/completions" or "/v1/chat/completions");

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var body = await new StreamReader(request.InputStream).ReadToEndAsync().ConfigureAwait(false);
            var path = request.Url!.AbsolutePath;
            var json = body.Length > 0 ? JsonNode.Parse(body) : null;
            Requests.Enqueue(new RecordedRequest(request.HttpMethod, path, request.Headers["Authorization"], json));
            if (RequiredApiKey is { } key && request.Headers["Authorization"] != "Bearer " + key)
            {
                await WriteAsync(response, HttpStatusCode.Unauthorized, """{"error":{"message":"invalid api key"}}""").ConfigureAwait(false);
                return;
            }

            switch (path)
            {
                case "/props":
                    await WriteAsync(response, HttpStatusCode.OK, $$"""{"total_slots":4,"model_path":"/models/{{ModelId}}.gguf"}""").ConfigureAwait(false);
                    break;
                case "/v1/models":
                    await WriteAsync(response, HttpStatusCode.OK, $$"""{"object":"list","data":[{"id":"{{ModelId}}","object":"model"}]}""").ConfigureAwait(false);
                    break;
                case "/tokenize" when HasTokenize:
                    var text = (string?)json?["content"] ?? "";
                    var count = SpecialTokens.Contains(text) ? 1 : Math.Max(2, text.Length);
                    await WriteAsync(response, HttpStatusCode.OK, new JsonObject { ["tokens"] = new JsonArray(Enumerable.Range(7, count).Select(i => (JsonNode)i).ToArray()) }.ToJsonString()).ConfigureAwait(false);
                    break;
                case "/completion" or "/v1/completions" or "/v1/chat/completions":
                    await StreamAsync(response, path, PiecesFor?.Invoke(json) ?? Pieces).ConfigureAwait(false);
                    break;
                default:
                    await WriteAsync(response, HttpStatusCode.NotFound, """{"error":"not found"}""").ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Interlocked.Increment(ref _abandoned);
        }
    }

    private async Task StreamAsync(HttpListenerResponse response, string path, IReadOnlyList<string> pieces)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, _stop.Token).ConfigureAwait(false);
        }

        if (FailWith is { } status)
        {
            await WriteAsync(response, status, FailBody).ConfigureAwait(false);
            return;
        }

        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.SendChunked = true;
        var output = response.OutputStream;
        foreach (var piece in pieces)
        {
            var content = JsonValue.Create(piece)!.ToJsonString();
            var data = path switch
            {
                "/completion" => $$"""{"content":{{content}},"stop":false}""",
                "/v1/completions" => $$"""{"choices":[{"index":0,"text":{{content}},"finish_reason":null}]}""",
                _ => $$"""{"choices":[{"index":0,"delta":{"content":{{content}}},"finish_reason":null}]}""",
            };
            await SendEventAsync(output, data).ConfigureAwait(false);
            await Task.Delay(StreamPause, _stop.Token).ConfigureAwait(false);
        }

        if (path == "/completion")
        {
            await SendEventAsync(output, """{"content":"","stop":true,"stop_type":"eos","timings":{"prompt_n":12,"cache_n":30,"predicted_n":2,"predicted_ms":5.0}}""").ConfigureAwait(false);
        }
        else
        {
            await SendEventAsync(output, """{"choices":[],"usage":{"prompt_tokens":42,"completion_tokens":2}}""").ConfigureAwait(false);
            await SendEventAsync(output, "[DONE]").ConfigureAwait(false);
        }

        response.Close();
    }

    /// <summary>Pause between streamed pieces, so a client can cancel in the middle.</summary>
    public TimeSpan StreamPause { get; set; } = TimeSpan.FromMilliseconds(5);

    private static async Task SendEventAsync(Stream output, string data)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n")).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = (int)status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}

public sealed record RecordedRequest(string Method, string Path, string? Authorization, JsonNode? Body);
