using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>
/// The real `codepilot serve` process, driven over its stdio with raw LSP frames, so tests can send
/// broken frames too. Every byte the server writes to stdout must parse as a frame; anything else is
/// recorded as a protocol violation.
/// </summary>
internal sealed class LspProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly Channel<JsonObject> _notifications = Channel.CreateUnbounded<JsonObject>();
    private readonly ConcurrentQueue<JsonObject> _nullIdResponses = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;
    private long _nextId;

    private LspProcess(Process process)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _reader = Task.Run(ReadLoopAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    public List<string> ProtocolViolations { get; } = [];

    /// <summary>The server's resident memory now (VmRSS), in MB.</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    /// <summary>kill -9: no shutdown, no flush, no finally blocks.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The user cache the servers of this test process use (models, index, logs).</summary>
    public static string CacheHome { get; } = Path.Combine(Path.GetTempPath(), "codepilot-tests", "cache-" + Environment.ProcessId);

    public static LspProcess Start(params string[] arguments) => Start(new Dictionary<string, string?>(), arguments);

    public static LspProcess Start(IDictionary<string, string?> environment, params string[] arguments) =>
        StartUnder([], environment, arguments);

    /// <summary>Starts the server under another program, e.g. strace: the wrapper's command line comes first.</summary>
    public static LspProcess StartUnder(string[] wrapper, IDictionary<string, string?> environment, params string[] arguments)
    {
        var directory = AppContext.BaseDirectory;
        var info = new ProcessStartInfo(wrapper.Length > 0 ? wrapper[0] : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in wrapper.Skip(1).Concat(wrapper.Length > 0 ? ["dotnet"] : []))
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(Path.Combine(directory, "codepilot.dll"));
        info.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Keep the developer's own model cache and logs out of the tests.
        info.Environment["XDG_CACHE_HOME"] = CacheHome;
        info.Environment["CODEPILOT_MODEL"] = null;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new LspProcess(Process.Start(info)!);
    }

    public async Task<JsonObject> InitializeAsync(object? initializationOptions = null, string? rootPath = null, object? capabilities = null)
    {
        var response = await RequestAsync("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = rootPath is null ? null : new Uri(rootPath).AbsoluteUri,
            capabilities = capabilities ?? new { },
            initializationOptions,
        });
        await NotifyAsync("initialized", new { });
        return response;
    }

    public Task OpenAsync(Uri uri, string text, string languageId = "csharp") =>
        NotifyAsync("textDocument/didOpen", new { textDocument = new { uri = uri.AbsoluteUri, languageId, version = 1, text } });

    public Task<JsonObject> InlineCompletionAsync(Uri uri, int line, int character) =>
        RequestAsync("textDocument/inlineCompletion", new { textDocument = new { uri = uri.AbsoluteUri }, position = new { line, character } });

    public async Task<JsonObject> RequestAsync(string method, object? parameters, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        await SendAsync(new { jsonrpc = "2.0", id, method, @params = parameters });
        using var registration = cancellationToken.Register(() => _ = NotifyAsync("$/cancelRequest", new { id }));
        return await pending.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Sends a request and returns its id without waiting for the answer.</summary>
    public async Task<(long Id, Task<JsonObject> Response)> StartRequestAsync(string method, object? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        await SendAsync(new { jsonrpc = "2.0", id, method, @params = parameters });
        return (id, pending.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>
    /// Sends a request and its $/cancelRequest in one write, so that the server has both before it can
    /// finish the request however loaded the machine is (two writes can be seconds apart under load).
    /// </summary>
    public async Task<Task<JsonObject>> StartCancelledRequestAsync(string method, object? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        byte[] Frame(object message)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(message);
            return [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];
        }

        await SendRawAsync([.. Frame(new { jsonrpc = "2.0", id, method, @params = parameters }), .. Frame(new { jsonrpc = "2.0", method = "$/cancelRequest", @params = new { id } })]);
        return pending.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>A fresh request id, for requests a test writes itself (raw, possibly malformed).</summary>
    public long NewId() => Interlocked.Increment(ref _nextId);

    /// <summary>The response to a request with this id that the test sends itself.</summary>
    public Task<JsonObject> Expect(long id)
    {
        var pending = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        return pending.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Responses with no pending request: "id": null (unreadable messages), or a second answer to one id.</summary>
    public IReadOnlyList<JsonObject> DrainUnmatchedResponses()
    {
        var drained = new List<JsonObject>();
        while (_nullIdResponses.TryDequeue(out var response))
        {
            drained.Add(response);
        }

        return drained;
    }

    /// <summary>Answers a request the server sent (e.g. window/workDoneProgress/create).</summary>
    public Task RespondAsync(JsonNode id, object? result) =>
        SendAsync(new Dictionary<string, object?> { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });

    public Task NotifyAsync(string method, object? parameters) =>
        SendAsync(new { jsonrpc = "2.0", method, @params = parameters });

    public Task SendAsync(object message) => SendRawBodyAsync(JsonSerializer.SerializeToUtf8Bytes(message));

    public Task SendRawBodyAsync(byte[] body) =>
        SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);

    public async Task SendRawAsync(byte[] bytes)
    {
        await _writing.WaitAsync(); // frames from concurrent senders must not interleave
        try
        {
            await _stdin.WriteAsync(bytes);
            await _stdin.FlushAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>Waits for the next error response that carries "id": null (answers to unreadable messages).</summary>
    public async Task<JsonObject> NextNullIdResponseAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_nullIdResponses.TryDequeue(out var response))
            {
                return response;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("No response with id null arrived.\n" + Stderr);
    }

    public async Task<JsonObject> NextNotificationAsync(string method)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var notification = await _notifications.Reader.ReadAsync(timeout.Token);
            if ((string?)notification["method"] == method)
            {
                return notification;
            }
        }
    }

    /// <summary>The text of the next window/showMessage that contains <paramref name="part"/> (others are skipped).</summary>
    public Task<string> NextShownMessageAsync(string part) => NextMessageAsync("window/showMessage", m => m.Contains(part, StringComparison.Ordinal));

    /// <summary>The text of the next window/logMessage that starts with <paramref name="prefix"/>, e.g. "Indexed" (others are skipped).</summary>
    public Task<string> NextLogMessageAsync(string prefix) => NextMessageAsync("window/logMessage", m => m.StartsWith(prefix, StringComparison.Ordinal));

    private async Task<string> NextMessageAsync(string method, Func<string, bool> wanted)
    {
        while (true)
        {
            var message = (string)(await NextNotificationAsync(method))["params"]!["message"]!;
            if (wanted(message))
            {
                return message;
            }
        }
    }

    public async Task<int> ShutdownAndExitAsync()
    {
        await RequestAsync("shutdown", null);
        await NotifyAsync("exit", null);
        return await WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        await _reader;
        return _process.ExitCode;
    }

    private async Task ReadLoopAsync()
    {
        var stdout = _process.StandardOutput.BaseStream;
        while (true)
        {
            var header = await ReadHeaderAsync(stdout);
            if (header is null)
            {
                return;
            }

            if (!header.StartsWith("Content-Length: ", StringComparison.Ordinal) || !int.TryParse(header[16..], out var length))
            {
                ProtocolViolations.Add("not an LSP header: " + header);
                return;
            }

            var body = new byte[length];
            await stdout.ReadExactlyAsync(body);
            JsonObject message;
            try
            {
                message = JsonNode.Parse(body)!.AsObject();
            }
            catch (JsonException)
            {
                ProtocolViolations.Add("body is not JSON: " + Encoding.UTF8.GetString(body));
                continue;
            }

            if (message.ContainsKey("method"))
            {
                await _notifications.Writer.WriteAsync(message);
            }
            else if (message["id"] is JsonValue idNode && idNode.TryGetValue<long>(out var id) && _pending.TryRemove(id, out var pending))
            {
                pending.SetResult(message);
            }
            else
            {
                _nullIdResponses.Enqueue(message);
            }
        }
    }

    /// <summary>Reads "Header: value\r\n...\r\n\r\n"; returns the header lines joined, or null at end of stream.</summary>
    private static async Task<string?> ReadHeaderAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return bytes.Count == 0 ? null : Encoding.ASCII.GetString([.. bytes]);
            }

            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray(), 0, bytes.Count - 4);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
