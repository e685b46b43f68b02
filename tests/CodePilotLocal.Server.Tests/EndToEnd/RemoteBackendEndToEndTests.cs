using System.Net;
using System.Text.Json.Nodes;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>
/// The real server process with a remote backend: a real HTTP server on loopback speaking llama-server's
/// and OpenAI's APIs. The stand-in's answer is known, so the suggestion's text can be asserted exactly.
/// </summary>
public sealed class RemoteBackendEndToEndTests
{
    private const string Document = "class Calculator\n{\n    int Add(int a, int b)\n    {\n        return ║\n    }\n}\n";

    private static async Task<(LspProcess Server, Uri Uri, int Line, int Character)> OpenAsync(
        TempDirectory workspace, object? initializationOptions, IDictionary<string, string?>? environment, params string[] arguments)
    {
        var (text, line, character) = TestDocuments.Parse(Document);
        var uri = new Uri(workspace.Write("Calculator.cs", text));
        var server = LspProcess.Start(environment ?? new Dictionary<string, string?>(), arguments);
        await server.InitializeAsync(initializationOptions, workspace.Path);
        await server.OpenAsync(uri, text);
        return (server, uri, line, character);
    }

    private static async Task<JsonArray> CompleteAsync(LspProcess server, Uri uri, int line, int character) =>
        (await server.InlineCompletionAsync(uri, line, character))["result"]!["items"]!.AsArray();

    [Fact]
    public async Task A_llama_server_backend_answers_with_the_servers_text_and_the_log_says_where_code_went()
    {
        await using var standIn = new InferenceServerStandIn();
        using var workspace = new TempDirectory();
        var (server, uri, line, character) = await OpenAsync(workspace, null, null, "--backend", "llama-server", "--endpoint", standIn.Endpoint.ToString());
        await using var _ = server;

        var item = Assert.Single(await CompleteAsync(server, uri, line, character))!;

        Assert.Equal("a + b;", (string?)item["insertText"]);
        var prompt = (string)standIn.CompletionRequests.Single().Body!["prompt"]!;
        Assert.Contains("<|fim_prefix|>", prompt);
        Assert.Contains("int Add(int a, int b)", prompt);
        Assert.True((bool)standIn.CompletionRequests.Single().Body!["cache_prompt"]!);
        Assert.Contains($"Code is sent to the remote endpoint {standIn.Endpoint}", server.Stderr);
        Assert.DoesNotContain("Loading model", server.Stderr); // remote-only: no local model is loaded
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        Assert.Empty(server.ProtocolViolations);
    }

    [Fact]
    public async Task An_openai_backend_from_editor_settings_sends_the_key_from_the_environment_and_never_logs_it()
    {
        var key = "sk-e2e-" + Guid.NewGuid().ToString("N");
        await using var standIn = new InferenceServerStandIn { RequiredApiKey = key };
        using var workspace = new TempDirectory();
        var settings = new { backend = "openai", endpoint = standIn.Endpoint + "v1", modelName = standIn.ModelId, apiKey = "pasted-into-settings" };
        var (server, uri, line, character) = await OpenAsync(workspace, settings, new Dictionary<string, string?> { ["CODEPILOT_API_KEY"] = key }, "--verbose");
        await using var _ = server;

        var refused = await server.NextShownMessageAsync("apiKey");
        var item = Assert.Single(await CompleteAsync(server, uri, line, character))!;

        Assert.Contains("'apiKey' was ignored", refused);
        Assert.Equal("a + b;", (string?)item["insertText"]);
        Assert.Equal("/v1/completions", standIn.CompletionRequests.Single().Path);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        var logs = Directory.EnumerateFiles(LspProcess.CacheHome, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("logs", StringComparison.Ordinal)).Select(File.ReadAllText);
        Assert.DoesNotContain(key, server.Stderr);
        Assert.DoesNotContain(logs, l => l.Contains(key, StringComparison.Ordinal) || l.Contains("pasted-into-settings", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "Model")]
    public async Task Remote_first_falls_back_to_the_local_model_when_the_server_fails_and_stops_asking_it()
    {
        await using var standIn = new InferenceServerStandIn();
        using var workspace = new TempDirectory();
        var (server, uri, line, character) = await OpenAsync(workspace, null, null,
            "--model", ServerModels.Fim, "--backend", "llama-server", "--endpoint", standIn.Endpoint.ToString(), "--backend-mode", "remote-first");
        await using var _ = server;
        Assert.Equal("a + b;", (string?)Assert.Single(await CompleteAsync(server, uri, line, character))!["insertText"]);
        standIn.FailWith = HttpStatusCode.InternalServerError;

        Task TypeAsync(string typed, int at, int version) => server.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = uri.AbsoluteUri, version },
            contentChanges = new[] { new { range = new { start = new { line, character = at }, end = new { line, character = at } }, text = typed } },
        });

        await TypeAsync("x", character, 2); // not what the suggestion starts with: the suggestion cache cannot answer
        var fallback = await CompleteAsync(server, uri, line, character + 1);
        var warning = await server.NextShownMessageAsync("HTTP 500");
        await TypeAsync("y", character + 1, 3);
        await CompleteAsync(server, uri, line, character + 2);

        Assert.Contains("The local model answers until it is back", warning);
        Assert.All(fallback, i => Assert.NotEqual("a + b;", (string?)i!["insertText"])); // the random local model answered, if anything
        Assert.Equal(2, standIn.CompletionRequests.Count()); // the server is left alone for a while after failing
        Assert.Contains("Completion", server.Stderr);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task A_hung_server_costs_one_timeout_and_says_so_instead_of_hanging_the_editor()
    {
        await using var standIn = new InferenceServerStandIn { Delay = TimeSpan.FromMinutes(5) };
        using var workspace = new TempDirectory();
        var (server, uri, line, character) = await OpenAsync(workspace,
            new { backend = "llama-server", endpoint = standIn.Endpoint.ToString(), remoteTimeoutMs = 500, fimTemplate = "qwen" }, null);
        await using var _ = server;

        var items = await CompleteAsync(server, uri, line, character); // LspProcess gives up after 60 s: a hang fails the test

        Assert.Empty(items);
        var warning = await server.NextShownMessageAsync("no answer within");
        Assert.Contains("There are no suggestions until it answers", warning);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }
}
