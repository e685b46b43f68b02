using CodePilotLocal.Core.Text;
using CodePilotLocal.Server.Services;
using CodePilotLocal.Server.Tests.EndToEnd;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Server.Tests.Services;

/// <summary>The server's completion path in process, on a real (random-weight) model.</summary>
[Trait("Category", "Model")]
public sealed class CompletionServiceTests
{
    /// <summary>The compile check is off: it would cut the random model's invented names, and these tests are about caching.</summary>
    private static CodePilotServices Create() =>
        new(new ServerOptions
        {
            CommandLineModel = ServerModels.Fim,
            SearchUserCache = false,
            Settings = new ServerSettings() with { Completion = new ServerSettings().Completion with { SemanticGuard = false } },
        }, NullLoggerFactory.Instance);

    [Fact]
    public async Task Asking_again_for_the_same_window_is_answered_from_the_cache()
    {
        using var dir = new TempDirectory();
        var (text, line, character) = TestDocuments.Parse(TestDocuments.Calculator);
        var file = dir.Write("Calculator.cs", text);
        await using var services = Create();

        var first = await services.CompleteFileAsync(file, new LinePosition(line, character), CancellationToken.None);
        var second = await services.CompleteFileAsync(file, new LinePosition(line, character), CancellationToken.None);

        Assert.NotNull(first);
        Assert.False(first.FromCache);
        Assert.True(second!.FromCache);
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task Typing_the_first_characters_of_the_suggestion_serves_the_rest_without_the_model()
    {
        using var dir = new TempDirectory();
        var (text, line, character) = TestDocuments.Parse(TestDocuments.Calculator);
        var file = dir.Write("Calculator.cs", text);
        await using var services = Create();
        var first = await services.CompleteFileAsync(file, new LinePosition(line, character), CancellationToken.None);
        Assert.NotNull(first);
        Assert.True(first.Text.Length >= 2, first.Text);

        var snapshot = new TextSnapshot(text);
        var offset = snapshot.ToOffset(new LinePosition(line, character));
        File.WriteAllText(file, text.Insert(offset, first.Text[..2]));
        var typedAhead = await services.CompleteFileAsync(file, new LinePosition(line, character + 2), CancellationToken.None);

        Assert.True(typedAhead!.FromCache);
        Assert.Equal(first.Text[2..], typedAhead.Text);
    }

    [Fact]
    public async Task A_request_for_what_is_being_prefetched_joins_it_instead_of_asking_the_model_again()
    {
        var (text, line, character) = TestDocuments.Parse(TestDocuments.Calculator);
        var document = new Documents.OpenDocument(new Uri("file:///tmp/Calculator.cs"), "csharp", 1, new TextSnapshot(text));
        var position = new LinePosition(line, character);
        await using var services = Create();
        await services.GetEngineAsync(CancellationToken.None);

        services.Completions.Prefetch(document, position);
        var answer = await services.Completions.CompleteAsync(document, position, CancellationToken.None);
        var again = await services.Completions.CompleteAsync(document, position, CancellationToken.None);

        Assert.Equal(1, services.Completions.ModelCalls);
        Assert.NotNull(answer);
        Assert.True(again!.FromCache);
    }

    [Fact]
    public async Task A_burst_of_requests_leaves_only_the_last_one_running_and_every_one_answered()
    {
        var (text, line, _) = TestDocuments.Parse(TestDocuments.Calculator);
        var uri = new Uri("file:///tmp/Calculator.cs");
        var snapshot = new TextSnapshot(text);
        await using var services = Create();
        await services.GetEngineAsync(CancellationToken.None);
        var lineLength = snapshot.GetLineText(line).Length;

        // 20 keystrokes' worth of requests, each for a different position, none awaited before the next.
        var burst = Enumerable.Range(0, 20)
            .Select(i => services.Completions.CompleteAsync(
                new Documents.OpenDocument(uri, "csharp", i, snapshot), new LinePosition(line, 8 + (i % (lineLength - 8))), CancellationToken.None))
            .ToList();
        var answers = await Task.WhenAll(burst).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(20, answers.Length);
        Assert.True(services.Completions.ModelCalls <= 20);
        Assert.NotNull(answers[^1]); // the last one is never superseded
        var again = await services.Completions.CompleteAsync(
            new Documents.OpenDocument(uri, "csharp", 20, snapshot), answers[^1]!.Position, CancellationToken.None);
        Assert.Equal(answers[^1]!.Text, again!.Text); // and the server is still in a consistent state
    }

    /// <summary>Prewarms at the document's cursor, then asks for a completion there; the statistics of that request and the model calls made.</summary>
    private static async Task<(Inference.GenerationStatistics Statistics, int ModelCalls)> PrewarmThenCompleteAsync(string document, string uri)
    {
        var (text, line, character) = TestDocuments.Parse(document);
        var open = new Documents.OpenDocument(new Uri(uri), "csharp", 1, new TextSnapshot(text));
        await using var services = Create();
        await services.GetEngineAsync(CancellationToken.None);

        await services.Completions.PrewarmAsync(open, new LinePosition(line, character));
        await services.Completions.CompleteAsync(open, new LinePosition(line, character), CancellationToken.None);
        return (services.LastStatistics!, services.Completions.ModelCalls);
    }

    [Fact]
    public async Task After_a_prewarm_the_request_at_that_place_evaluates_only_the_last_prompt_token()
    {
        var (statistics, modelCalls) = await PrewarmThenCompleteAsync(TestDocuments.Calculator, "file:///tmp/Calculator.cs");

        Assert.Equal(statistics.PromptTokens - 1, statistics.ReusedPromptTokens);
        Assert.Equal(1, modelCalls);
    }

    [Fact]
    public async Task A_prewarm_halves_a_window_too_long_for_the_context_as_the_request_does()
    {
        var filler = string.Concat(Enumerable.Range(0, 400).Select(i => $"// {i}: the quick brown fox jumps over the lazy dog again and again\n"));

        var (statistics, _) = await PrewarmThenCompleteAsync(filler + TestDocuments.Calculator, "file:///tmp/Long.cs");

        Assert.True(statistics.PromptTokens < 2048, $"{statistics.PromptTokens} prompt tokens: the window was not halved");
        Assert.Equal(statistics.PromptTokens - 1, statistics.ReusedPromptTokens);
    }
}
