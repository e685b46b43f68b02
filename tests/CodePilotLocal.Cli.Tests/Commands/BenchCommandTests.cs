using System.Text.Json;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Cli.Tests.Commands;

/// <summary>The bench's mechanics on a tiny model; its figures are for people to read, never asserted here.</summary>
[Trait("Category", "Model")]
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_replays_a_session_and_prints_the_promised_json_fields()
    {
        using var dir = new TempDirectory();

        var run = await Codepilot.RunAsync(dir.Path, "bench", "--model", TinyModels.Qwen, "--sites", "2", "--chars-per-site", "5", "--cps", "0", "--draft-tokens", "4", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        foreach (var field in new[] { "p50_ms", "p95_ms", "kv_reuse", "kv_reuse_typing", "tokens_per_s", "peak_rss_mb", "managed_heap_mb" })
        {
            Assert.True(json.TryGetProperty(field, out _), field);
        }

        Assert.InRange(json.GetProperty("kv_reuse").GetDouble(), 0, 1);
        Assert.True(json.GetProperty("requests").GetInt32() >= 4);
        Assert.Equal(json.GetProperty("requests").GetInt32(), json.GetProperty("model_calls").GetInt32() + json.GetProperty("cache_hits").GetInt32());
        Assert.False(json.TryGetProperty("ratio_p50", out _));
        var landing = json.GetProperty("landing");
        var parts = new[] { "context_ms", "tokenize_ms", "prompt_ms", "generation_ms" }.Sum(p => landing.GetProperty(p).GetDouble());
        Assert.True(landing.GetProperty("requests").GetInt32() >= 1);
        Assert.True(parts <= landing.GetProperty("total_ms").GetDouble() + 1, $"{parts} of {landing.GetProperty("total_ms").GetDouble()}");
    }

    [Fact]
    public async Task Bench_edits_the_file_it_is_given()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("Small.cs", "class Small\n{\n    int Twice(int value) => value * 2;\n    int Thrice(int value) => value * 3;\n}\n");

        var run = await Codepilot.RunAsync(dir.Path, "bench", file, "--model", TinyModels.Qwen, "--sites", "1", "--chars-per-site", "3", "--cps", "0", "--context-scope", "file");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Session: 4 requests", run.Stdout);
        Assert.Contains("p50 first suggestion (ms)", run.Stdout);
    }

    [SkippableFact]
    public async Task Bench_against_a_running_llama_server_compares_both_sides()
    {
        Skip.If(SharedLlamaServer.Absent is not null, SharedLlamaServer.Absent);
        await using var llama = await SharedLlamaServer.StartAsync();
        using var dir = new TempDirectory();

        var run = await Codepilot.RunAsync(dir.Path, "bench", "--model", SharedLlamaServer.Model, "--against", llama.Endpoint.ToString(),
            "--sites", "1", "--chars-per-site", "3", "--cps", "0", "--max-tokens", "4", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        var theirs = json.GetProperty("against");
        Assert.Equal(json.GetProperty("requests").GetInt32(), theirs.GetProperty("model_calls").GetInt32() + theirs.GetProperty("cache_hits").GetInt32());
        Assert.True(json.TryGetProperty("ratio_p50", out _) && json.TryGetProperty("ratio_p95", out _));
        // Streamed, every answer arrives in full, also where llama-server then refuses a random model's invalid UTF-8.
        Assert.True(json.GetProperty("requests").GetInt32() == json.GetProperty("paired_requests").GetInt32(), theirs.GetProperty("first_error").ToString());
        Assert.Equal(JsonValueKind.Number, json.GetProperty("ratio_tokens_per_s").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("ratio_peak_rss").ValueKind); // a server we did not start: its memory is not ours to read
    }

    [SkippableFact]
    public async Task Bench_with_llama_server_starts_it_and_gives_it_the_same_prompts()
    {
        Skip.IfNot(File.Exists(SharedLlamaServer.Binary), "../shared/bin/llama-server is absent");
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-starcoder.gguf"), "../shared/models is absent");
        using var shop = new ShopWorkspace();

        // OrderService uses Invoice: its prompts carry repository context, which /infill gets as input_extra.
        var run = await Codepilot.RunAsync(shop.Root, "bench", Path.Combine(shop.Root, ShopWorkspace.OrderServicePath), "--model", TinyModels.StarCoderVocabulary,
            "--llama-server", SharedLlamaServer.Binary, "--sites", "2", "--chars-per-site", "3", "--cps", "0", "--max-tokens", "4", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(!run.Stderr.Contains("Warning", StringComparison.Ordinal), run.Stderr);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        var theirs = json.GetProperty("against");
        Assert.Equal(0, theirs.GetProperty("errors").GetInt32()); // the made model never writes half a character, which llama-server refuses
        var (ours, peer) = (json.GetProperty("prompt_tokens_per_call").GetDouble(), theirs.GetProperty("prompt_tokens_per_call").GetDouble());
        Assert.InRange(peer / ours, 0.75, 1.1); // our snippets are comments, a few tokens longer; without them the peer's were 0.16 of ours
        Assert.Equal(JsonValueKind.Number, json.GetProperty("ratio_peak_rss").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("ratio_tokens_per_s").ValueKind);
    }
}
