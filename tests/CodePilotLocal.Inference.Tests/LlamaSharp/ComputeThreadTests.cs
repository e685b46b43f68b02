using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

/// <summary>All llama.cpp compute runs on one thread (one OpenMP team); two models' generations interleave on it.</summary>
public sealed class ComputeThreadTests
{
    [Fact]
    public async Task Work_runs_in_order_on_one_thread_that_is_not_the_callers()
    {
        var threads = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => ComputeThread.Shared.RunAsync(() => Environment.CurrentManagedThreadId))));
        var order = new List<int>();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => ComputeThread.Shared.RunAsync(() =>
        {
            order.Add(i);
            return i;
        })));

        Assert.Single(threads.Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, threads[0]);
        Assert.Equal(Enumerable.Range(0, 50), order);
    }

    [Fact]
    public async Task A_failure_or_a_cancellation_reaches_the_caller_and_the_thread_goes_on()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAsync<InvalidOperationException>(() => ComputeThread.Shared.RunAsync<int>(() => throw new InvalidOperationException("broken")));
        var cancellation = ComputeThread.Shared.RunAsync(() =>
        {
            cancelled.Token.ThrowIfCancellationRequested();
            return 0;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancellation);
        Assert.True(cancellation.IsCanceled);

        Assert.Equal(42, await ComputeThread.Shared.RunAsync(() => 42));
    }

    [Fact]
    [Trait("Category", "Model")]
    public async Task Two_models_generating_at_once_each_answer_as_they_do_alone()
    {
        var template = FimTemplateCatalog.Qwen;
        var options = new InferenceOptions { ContextSize = 512, FlashAttention = false };
        GenerationRequest Request(string prefix) =>
            new(template.Build(new FimInput(prefix, "\n}\n")), 24, TimeSpan.FromSeconds(30), template.StopTokens, new GenerationStatistics());
        async Task<string> GenerateAsync(LlamaSharpEngine engine, string prefix)
        {
            var text = new System.Text.StringBuilder();
            await foreach (var piece in engine.GenerateAsync(Request(prefix), CancellationToken.None))
            {
                text.Append(piece);
            }

            return text.ToString();
        }

        await using var first = await LlamaSharpEngine.LoadAsync(TinyModels.Qwen, options, NullLogger.Instance, CancellationToken.None);
        await using var second = await LlamaSharpEngine.LoadAsync(TinyModels.Qwen, options, NullLogger.Instance, CancellationToken.None);
        var alone = (await GenerateAsync(first, "class A {\n    int X() => "), await GenerateAsync(second, "class B {\n    string Y() => "));
        await using var firstAgain = await LlamaSharpEngine.LoadAsync(TinyModels.Qwen, options, NullLogger.Instance, CancellationToken.None);
        await using var secondAgain = await LlamaSharpEngine.LoadAsync(TinyModels.Qwen, options, NullLogger.Instance, CancellationToken.None);

        var together = await Task.WhenAll(GenerateAsync(firstAgain, "class A {\n    int X() => "), GenerateAsync(secondAgain, "class B {\n    string Y() => "));

        Assert.Equal(alone.Item1, together[0]);
        Assert.Equal(alone.Item2, together[1]);
    }
}
