using System.Text;
using CodePilotLocal.Inference.Gguf;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>Each client mistake gets a clear error or message, and the server serves the next request.</summary>
[Trait("Category", "Model")]
public sealed class BadInputEndToEndTests
{
    private static async Task<LspProcess> StartInitializedAsync(params string[] arguments)
    {
        var server = LspProcess.Start(arguments.Length > 0 ? arguments : ["--model", ServerModels.Fim]);
        await server.InitializeAsync();
        return server;
    }

    /// <summary>The server still answers a well-formed request correctly.</summary>
    private static async Task AssertStillServesAsync(LspProcess server)
    {
        var response = await server.InlineCompletionAsync(new Uri("file:///nowhere/unopened.cs"), 0, 0);
        Assert.Equal(-32602, (int)response["error"]!["code"]!);
        Assert.Contains("not open", (string)response["error"]!["message"]!);
    }

    [Theory]
    [InlineData("Content-Length: abc\r\n\r\n{}")]
    [InlineData("Content-Length: -5\r\n\r\n")]
    [InlineData("Content-Type: application/json\r\n\r\n{\"jsonrpc\":\"2.0\"}")]
    [InlineData("garbage without any header at all\r\n\r\n")]
    public async Task A_malformed_header_is_answered_with_a_parse_error_and_reading_resumes(string frame)
    {
        await using var server = await StartInitializedAsync();

        await server.SendRawAsync(Encoding.ASCII.GetBytes(frame));
        var error = await server.NextNullIdResponseAsync();

        Assert.Equal(-32700, (int)error["error"]!["code"]!);
        await AssertStillServesAsync(server);
        Assert.Empty(server.ProtocolViolations);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", -32700)]
    [InlineData("\u00ff\u00fe not json", -32700)]
    [InlineData("[1,2,3]", -32600)]
    [InlineData("{\"jsonrpc\":\"1.0\",\"method\":\"initialized\"}", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"shutdown\"}", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":42}", -32600)]
    public async Task An_invalid_body_is_answered_with_the_right_error(string body, int code)
    {
        await using var server = await StartInitializedAsync();

        await server.SendRawBodyAsync(Encoding.UTF8.GetBytes(body));
        var error = await server.NextNullIdResponseAsync();

        Assert.Equal(code, (int)error["error"]!["code"]!);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_reported_when_the_stream_ends()
    {
        await using var server = await StartInitializedAsync();

        await server.SendRawAsync(Encoding.ASCII.GetBytes("Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\""));
        await AssertStillServesAsyncAfterTimeoutAsync(server);
    }

    private static async Task AssertStillServesAsyncAfterTimeoutAsync(LspProcess server)
    {
        // The server waits for the rest of the body; the process must still be alive and unharmed.
        await Task.Delay(200);
        Assert.Empty(server.ProtocolViolations);
    }

    [Fact]
    public async Task An_unknown_method_is_method_not_found()
    {
        await using var server = await StartInitializedAsync();

        var response = await server.RequestAsync("textDocument/teleport", new { });

        Assert.Equal(-32601, (int)response["error"]!["code"]!);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Wrong_parameter_types_are_invalid_params()
    {
        await using var server = await StartInitializedAsync();

        var response = await server.RequestAsync("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = 42 },
            position = "the middle",
        });

        Assert.Equal(-32602, (int)response["error"]!["code"]!);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task A_request_before_initialize_is_server_not_initialized()
    {
        await using var server = LspProcess.Start("--model", ServerModels.Fim);

        var response = await server.RequestAsync("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = "file:///a.cs" },
            position = new { line = 0, character = 0 },
        });

        Assert.Equal(-32002, (int)response["error"]!["code"]!);
        Assert.NotNull((await server.InitializeAsync())["result"]);
        Assert.Equal(-32600, (int)(await server.RequestAsync("initialize", new { capabilities = new { } }))["error"]!["code"]!);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task A_change_to_an_unopened_document_is_reported_to_the_client()
    {
        await using var server = await StartInitializedAsync();

        await server.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = "file:///never/opened.cs", version = 2 },
            contentChanges = new[] { new { text = "x" } },
        });
        var message = await server.NextNotificationAsync("window/logMessage");
        while (!((string)message["params"]!["message"]!).Contains("didChange"))
        {
            message = await server.NextNotificationAsync("window/logMessage");
        }

        Assert.Contains("not open", (string)message["params"]!["message"]!);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task After_shutdown_requests_are_refused_and_exit_ends_the_process_with_code_zero()
    {
        await using var server = await StartInitializedAsync();

        await server.RequestAsync("shutdown", null);
        var refused = await server.RequestAsync("textDocument/completion", new
        {
            textDocument = new { uri = "file:///a.cs" },
            position = new { line = 0, character = 0 },
        });
        await server.NotifyAsync("exit", null);

        Assert.Equal(-32600, (int)refused["error"]!["code"]!);
        Assert.Equal(0, await server.WaitForExitAsync());
    }

    [Fact]
    public async Task Exit_without_shutdown_ends_the_process_with_code_one()
    {
        await using var server = await StartInitializedAsync();

        await server.NotifyAsync("exit", null);

        Assert.Equal(1, await server.WaitForExitAsync());
    }

    public static TheoryData<string, string> BadModels()
    {
        return new TheoryData<string, string>
        {
            { "missing", "not found" },
            { "truncated", "truncated" },
            { "not-gguf", "not a GGUF" },
            { "wrong-magic", "not a GGUF" },
            { "alien-architecture", "alien9000" },
            { "vocabulary-only", "vocabulary-only" },
            { "larger-than-memory", "this machine allows" },
        };
    }

    [Theory]
    [MemberData(nameof(BadModels))]
    public async Task A_bad_model_file_is_explained_to_the_user_and_completions_are_empty(string kind, string expected)
    {
        using var dir = new TempDirectory();
        var path = kind switch
        {
            "missing" => dir.File("absent.gguf"),
            "truncated" => Truncated(dir),
            "wrong-magic" => WrongMagic(dir),
            "alien-architecture" => Alien(dir),
            "vocabulary-only" => VocabularyOnly(dir),
            "larger-than-memory" => LargerThanMemory(dir),
            _ => dir.Write("readme.gguf", "# this is a markdown file"),
        };
        var uri = new Uri(dir.Write("E.cs", "class E { }\n"));
        await using var server = LspProcess.Start("--model", path);
        await server.InitializeAsync();
        await server.OpenAsync(uri, "class E { }\n");

        var message = await server.NextNotificationAsync("window/showMessage");
        var response = await server.InlineCompletionAsync(uri, 0, 10);

        Assert.Equal(1, (int)message["params"]!["type"]!);
        Assert.Contains(expected, (string)message["params"]!["message"]!);
        Assert.Empty(response["result"]!["items"]!.AsArray());
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    [SkippableFact]
    public async Task A_model_without_fim_tokens_is_explained_and_gives_no_completions()
    {
        Skip.IfNot(TestPaths.HasSharedModel("stories260K.gguf"), "../shared/models is absent");
        using var dir = new TempDirectory();
        var uri = new Uri(dir.Write("F.cs", "class F { }\n"));
        await using var server = LspProcess.Start("--model", TestPaths.SharedModel("stories260K.gguf"));
        await server.InitializeAsync();
        await server.OpenAsync(uri, "class F { }\n");

        var message = await server.NextNotificationAsync("window/showMessage");
        var response = await server.InlineCompletionAsync(uri, 0, 10);

        Assert.Contains("no fill-in-the-middle tokens", (string)message["params"]!["message"]!);
        Assert.Empty(response["result"]!["items"]!.AsArray());
    }

    private static string WrongMagic(TempDirectory dir)
    {
        var bytes = File.ReadAllBytes(TinyModels.Qwen);
        "GGML"u8.CopyTo(bytes);
        File.WriteAllBytes(dir.File("magic.gguf"), bytes);
        return dir.File("magic.gguf");
    }

    private static string Alien(TempDirectory dir)
    {
        TinyModelFactory.Write(dir.File("alien.gguf"), ModelShapes.Tiny with { Architecture = "alien9000" });
        return dir.File("alien.gguf");
    }

    private static string VocabularyOnly(TempDirectory dir)
    {
        var writer = new GgufWriter().Add("general.architecture", "qwen2").Add("general.name", "vocabulary only");
        ByteLevelVocabulary.AddTo(writer, 300);
        writer.WriteTo(dir.File("vocab.gguf"));
        return dir.File("vocab.gguf");
    }

    /// <summary>A valid model followed by a sparse terabyte: the file is larger than any test machine's memory, and uses no disk.</summary>
    private static string LargerThanMemory(TempDirectory dir)
    {
        var path = dir.File("huge.gguf");
        File.Copy(TinyModels.Qwen, path);
        using var file = new FileStream(path, FileMode.Open);
        file.SetLength(1L << 40);
        return path;
    }

    private static string Truncated(TempDirectory dir)
    {
        var path = dir.File("cut.gguf");
        File.WriteAllBytes(path, File.ReadAllBytes(TinyModels.Qwen)[..5000]);
        return path;
    }
}
