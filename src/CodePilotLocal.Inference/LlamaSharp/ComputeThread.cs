using System.Collections.Concurrent;

namespace CodePilotLocal.Inference.LlamaSharp;

/// <summary>
/// The one thread that runs all llama.cpp compute in the process (prompt evaluation, decoding, sampling),
/// for every model loaded. With OpenMP every thread that starts a parallel region gets a worker team of
/// its own, and once there are more of those workers than cores, libgomp stops spinning at barriers
/// (ggml meets one per operation) and sleeps instead: after requests had run on two different
/// thread-pool threads, or with two models loaded, generation ran at about two thirds of its speed for the
/// rest of the process (24 → 14–16 tokens/s for the Qwen2.5-Coder-0.5B shape on 2 cores, measured).
/// llama-server computes on one thread; so do we. Work items are single steps (a prompt, a token), so two
/// models' generations interleave token by token instead of fighting over the cores.
/// </summary>
internal sealed class ComputeThread
{
    private readonly BlockingCollection<Action> _work = new();

    public static ComputeThread Shared { get; } = new();

    private ComputeThread()
    {
        new Thread(Run) { IsBackground = true, Name = "llama.cpp compute" }.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the compute thread, after what was queued before it; the caller continues on the thread pool.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (OperationCanceledException e)
            {
                done.SetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    private void Run()
    {
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item();
        }
    }
}
