using CodePilotLocal.Core.Guidance;
using System.Net;
using System.Text;
using CodePilotLocal.Core.Chat;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.Remote;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Inference.Tests.Remote;

/// <summary>
/// The remote engine against a real HTTP server on loopback: the stand-in for engines that cannot run
/// here, and llama.cpp's real llama-server where ../shared/bin has it.
/// </summary>
public sealed class RemoteEngineTests
{
    private static readonly FimInput Input = new("int Add(int a, int b)\n{\n    return ", ";\n}\n// <|fim_middle|> in a comment\n");

    private static Task<RemoteEngine> ConnectAsync(InferenceServerStandIn server, BackendKind kind, Func<RemoteBackendOptions, RemoteBackendOptions>? configure = null)
    {
        var options = new RemoteBackendOptions { Kind = kind, Endpoint = server.Endpoint, Timeout = TimeSpan.FromSeconds(5) };
        return RemoteEngine.ConnectAsync(configure?.Invoke(options) ?? options, NullLogger.Instance, CancellationToken.None);
    }

    private static GenerationRequest FimRequest(RemoteEngine engine, int maxTokens = 16) =>
        new(engine.Model.FimTemplate!.Build(Input), maxTokens, TimeSpan.FromSeconds(3), engine.Model.FimTemplate.StopTokens, new GenerationStatistics());

    private static async Task<string> CollectAsync(IAsyncEnumerable<string> stream, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        await foreach (var piece in stream.WithCancellation(cancellationToken))
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    [Fact]
    public async Task Llama_server_gets_our_prompt_with_its_cache_a_pinned_slot_and_the_time_budget()
    {
        await using var server = new InferenceServerStandIn();
        await using var engine = await ConnectAsync(server, BackendKind.LlamaServer);
        var request = FimRequest(engine);

        var text = await CollectAsync(engine.GenerateAsync(request, CancellationToken.None));

        Assert.Equal("a + b;\n", text);
        Assert.Equal("qwen", engine.Model.FimTemplate!.Name); // asked from the server's vocabulary through /tokenize
        Assert.Equal("qwen2.5-coder-1.5b-q8_0", engine.Model.Name);
        var body = server.CompletionRequests.Single().Body!;
        Assert.Equal("/completion", server.CompletionRequests.Single().Path);
        var prompt = (string)body["prompt"]!;
        Assert.StartsWith("<|fim_prefix|>int Add(int a, int b)", prompt);
        Assert.EndsWith("<|fim_middle|>", prompt);
        Assert.Equal(1, prompt.Split("<|fim_middle|>").Length - 1); // the one in the user's comment is broken up
        Assert.True((bool)body["cache_prompt"]!);
        Assert.InRange((int)body["id_slot"]!, 0, 3); // the stand-in has 4 slots
        Assert.Equal(3000, (int)body["t_max_predict_ms"]!);
        Assert.Equal(16, (int)body["n_predict"]!);
        Assert.Equal((42, 30, 2), (request.Statistics.PromptTokens, request.Statistics.ReusedPromptTokens, request.Statistics.GeneratedTokens));
        Assert.Equal("end-of-text", request.Statistics.StopReason);
    }

    [Fact]
    public async Task An_openai_server_gets_v1_completions_with_the_api_key_from_the_environment()
    {
        await using var server = new InferenceServerStandIn { RequiredApiKey = "sk-test-" + Guid.NewGuid().ToString("N") };
        var variable = "CODEPILOT_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, server.RequiredApiKey);
        try
        {
            await using var engine = await ConnectAsync(server, BackendKind.OpenAi, o => o with { ApiKeyVariable = variable, ModelName = server.ModelId });
            var request = FimRequest(engine);

            Assert.Equal("a + b;\n", await CollectAsync(engine.GenerateAsync(request, CancellationToken.None)));
            var sent = server.CompletionRequests.Single();
            Assert.Equal("/v1/completions", sent.Path);
            Assert.Equal(server.ModelId, (string?)sent.Body!["model"]);
            Assert.Equal(16, (int)sent.Body["max_tokens"]!);
            Assert.Equal("Bearer " + server.RequiredApiKey, sent.Authorization);
            Assert.Equal(42, request.Statistics.PromptTokens); // from the usage event
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_refused_api_key_names_the_variable_and_never_the_key()
    {
        await using var server = new InferenceServerStandIn { RequiredApiKey = "right-key" };
        var variable = "CODEPILOT_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, "wrong-key-12345");
        try
        {
            var error = await Assert.ThrowsAsync<RemoteBackendException>(() => ConnectAsync(server, BackendKind.OpenAi, o => o with { ApiKeyVariable = variable }));

            Assert.Contains("401", error.Message);
            Assert.Contains("$" + variable, error.Message);
            Assert.DoesNotContain("wrong-key-12345", error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Explain_and_fix_conversations_go_to_the_chat_endpoint()
    {
        await using var server = new InferenceServerStandIn { Pieces = ["This ", "adds."] };
        await using var engine = await ConnectAsync(server, BackendKind.OpenAi);
        var messages = new[] { ChatMessage.System("You explain code."), ChatMessage.User("int Add(int a, int b) => a + b;") };
        var request = new GenerationRequest(engine.ChatPrompt(messages), 64, TimeSpan.FromSeconds(30), [], new GenerationStatistics()) { Conversation = messages };

        Assert.Equal("This adds.", await CollectAsync(engine.GenerateAsync(request, CancellationToken.None)));
        var sent = server.CompletionRequests.Single();
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("int Add(int a, int b) => a + b;", (string?)sent.Body!["messages"]![1]!["content"]);
    }

    [Fact]
    public async Task Without_tokenize_the_template_comes_from_the_setting_or_the_model_name()
    {
        await using var server = new InferenceServerStandIn { HasTokenize = false, ModelId = "starcoder2:3b" };
        await using (var guessed = await ConnectAsync(server, BackendKind.OpenAi))
        {
            Assert.Equal("starcoder", guessed.Model.FimTemplate!.Name);
        }

        await using (var configured = await ConnectAsync(server, BackendKind.OpenAi, o => o with { FimTemplate = "deepseek-coder" }))
        {
            Assert.Equal("deepseek-coder", configured.Model.FimTemplate!.Name);
        }

        server.ModelId = "my-finetune";
        var error = await Assert.ThrowsAsync<RemoteBackendException>(() => ConnectAsync(server, BackendKind.OpenAi));
        Assert.Contains("fimTemplate", error.Message);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error()
    {
        var options = new RemoteBackendOptions { Kind = BackendKind.LlamaServer, Endpoint = new Uri($"http://127.0.0.1:{InferenceServerStandIn.FreePort()}") };

        var error = await Assert.ThrowsAsync<RemoteBackendException>(() => RemoteEngine.ConnectAsync(options, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("cannot be reached", error.Message);
        Assert.Contains("127.0.0.1", error.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_fails_the_request_instead_of_hanging()
    {
        await using var server = new InferenceServerStandIn();
        await using var warm = await ConnectAsync(server, BackendKind.LlamaServer); // warms both ends up: a loaded machine may take a second for a first request
        await using var engine = await ConnectAsync(server, BackendKind.LlamaServer, o => o with { Timeout = TimeSpan.FromMilliseconds(2000), FimTemplate = "qwen" });
        server.Delay = TimeSpan.FromSeconds(30);
        var request = FimRequest(engine) with { TimeBudget = TimeSpan.FromMilliseconds(200) };

        var error = await Assert.ThrowsAsync<RemoteBackendException>(() => CollectAsync(engine.GenerateAsync(request, CancellationToken.None)));

        Assert.Contains("no answer within 2000 ms", error.Message);
    }

    [Fact]
    public async Task A_failing_server_is_a_clear_error_with_its_answer()
    {
        await using var server = new InferenceServerStandIn();
        await using var engine = await ConnectAsync(server, BackendKind.LlamaServer);
        server.FailWith = HttpStatusCode.InternalServerError;

        var error = await Assert.ThrowsAsync<RemoteBackendException>(() => CollectAsync(engine.GenerateAsync(FimRequest(engine), CancellationToken.None)));

        Assert.Contains("HTTP 500", error.Message);
        Assert.Contains("model crashed", error.Message);
    }

    [Fact]
    public async Task A_prompt_too_long_for_the_servers_context_is_reported_as_such_so_the_window_shrinks()
    {
        await using var server = new InferenceServerStandIn();
        await using var engine = await ConnectAsync(server, BackendKind.LlamaServer);
        server.FailWith = HttpStatusCode.BadRequest;
        server.FailBody = """{"error":{"code":400,"message":"request (1240 tokens) exceeds the available context size (1024 tokens)","type":"exceed_context_size_error","n_prompt_tokens":1240,"n_ctx":1024}}""";

        var error = await Assert.ThrowsAsync<PromptTooLongException>(() => CollectAsync(engine.GenerateAsync(FimRequest(engine), CancellationToken.None)));

        Assert.Equal((1240, 1024), (error.PromptTokens, error.ContextSize));
    }

    [Fact]
    public async Task Cancelling_closes_the_stream_so_the_server_stops()
    {
        await using var server = new InferenceServerStandIn { Pieces = [.. Enumerable.Repeat("x", 200)], StreamPause = TimeSpan.FromMilliseconds(20) };
        await using var engine = await ConnectAsync(server, BackendKind.LlamaServer);
        using var cancel = new CancellationTokenSource();
        var pieces = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.GenerateAsync(FimRequest(engine, maxTokens: 200), cancel.Token))
            {
                if (++pieces == 3)
                {
                    cancel.Cancel();
                }
            }
        });

        Assert.Equal(3, pieces);
        for (var i = 0; i < 100 && server.AbandonedStreams == 0; i++)
        {
            await Task.Delay(50); // the server notices the closed connection at its next write
        }

        Assert.Equal(1, server.AbandonedStreams);
    }

    [Fact]
    public void Configurations_that_cannot_work_say_why()
    {
        Assert.Null(new RemoteBackendOptions().Problem);
        Assert.Contains("endpoint", new RemoteBackendOptions { Kind = BackendKind.OpenAi }.Problem);
        Assert.Contains("not an http", new RemoteBackendOptions { Kind = BackendKind.OpenAi, Endpoint = new Uri("ftp://box/") }.Problem);
        Assert.Contains("Unknown FIM template", new RemoteBackendOptions { Kind = BackendKind.OpenAi, Endpoint = new Uri("http://box/"), FimTemplate = "gpt" }.Problem);
    }

    [SkippableFact]
    [Trait("Category", "Model")]
    public async Task The_real_llama_server_answers_and_reuses_its_prompt_cache()
    {
        Skip.If(SharedLlamaServer.Absent is not null, SharedLlamaServer.Absent);
        await using var llama = await SharedLlamaServer.StartAsync(slots: 2);
        var options = new RemoteBackendOptions { Kind = BackendKind.LlamaServer, Endpoint = llama.Endpoint, Timeout = TimeSpan.FromSeconds(60) };
        await using var engine = await RemoteEngine.ConnectAsync(options, NullLogger.Instance, CancellationToken.None);
        Assert.Equal("starcoder", engine.Model.FimTemplate!.Name); // from the real vocabulary, through /tokenize

        // One token: this random model's second token here is one llama-server refuses to stream ("does not
        // match the expected Content-only format"); greedy sampling makes the first one the same every run.
        var first = FimRequest(engine, maxTokens: 1);
        await CollectAsync(engine.GenerateAsync(first, CancellationToken.None));
        var second = FimRequest(engine, maxTokens: 1);
        await CollectAsync(engine.GenerateAsync(second, CancellationToken.None));

        // Random weights: mechanics only. The same prompt again is served from the pinned slot's cache.
        Assert.True(first.Statistics.PromptTokens > 20, $"prompt tokens {first.Statistics.PromptTokens}");
        Assert.InRange(first.Statistics.GeneratedTokens, 0, 1);
        Assert.True(second.Statistics.ReusedPromptTokens >= first.Statistics.PromptTokens - 1,
            $"reused {second.Statistics.ReusedPromptTokens} of {second.Statistics.PromptTokens}");
    }

    /// <summary>A fixed member list for the cursor's dot.</summary>
    private sealed class FixedMembers(params string[] names) : IMemberOracle
    {
        public MemberSite? MembersAfter(string generated) => generated.Length == 0 ? new MemberSite("order", names) : null;
    }

    [Fact]
    public async Task Llama_server_gets_a_grammar_for_the_healed_text_and_the_members_after_the_cursors_dot()
    {
        await using var server = new InferenceServerStandIn();
        await using var engine = await ConnectAsync(server, BackendKind.LlamaServer);
        var request = FimRequest(engine) with { Guidance = new GuidanceRequest("Tot", new FixedMembers("TotalPrice", "Lines", "Total\"Odd")) };

        await CollectAsync(engine.GenerateAsync(request, CancellationToken.None));

        Assert.Equal(GuidanceSupport.Grammar, engine.Guidance);
        var grammar = (string)server.CompletionRequests.Single().Body!["grammar"]!;
        Assert.StartsWith("root ::= (\"TotalPrice\" | \"Total\\\"Odd\") ([^a-zA-Z0-9_] any)?", grammar);
        Assert.DoesNotContain("Lines", grammar);
    }

    [SkippableFact]
    [Trait("Category", "Model")]
    public async Task The_real_llama_server_follows_the_start_grammar()
    {
        Skip.If(SharedLlamaServer.Absent is not null, SharedLlamaServer.Absent);
        await using var llama = await SharedLlamaServer.StartAsync();
        var options = new RemoteBackendOptions { Kind = BackendKind.LlamaServer, Endpoint = llama.Endpoint, Timeout = TimeSpan.FromSeconds(60) };
        await using var engine = await RemoteEngine.ConnectAsync(options, NullLogger.Instance, CancellationToken.None);
        string[] members = ["TotalPrice", "Lines", "AddLine"];

        foreach (var healed in new[] { "", "Li" })
        {
            var request = FimRequest(engine, maxTokens: 1) with { Guidance = new GuidanceRequest(healed, new FixedMembers(members)) }; // one token: see the test above
            var text = await CollectAsync(engine.GenerateAsync(request, CancellationToken.None));

            // Random weights: whatever it writes starts a member (a prefix of one, or one and then anything).
            Assert.True(members.Any(m => m.StartsWith(text, StringComparison.Ordinal) || text.StartsWith(m, StringComparison.Ordinal)), text);
            Assert.True(text.StartsWith(healed, StringComparison.Ordinal) || healed.StartsWith(text, StringComparison.Ordinal), text); // one token may spell part of it
        }
    }
}
