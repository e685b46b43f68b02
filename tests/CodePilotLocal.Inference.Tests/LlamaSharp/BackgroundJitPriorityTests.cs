using CodePilotLocal.Inference.LlamaSharp;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

public sealed class BackgroundJitPriorityTests
{
    [SkippableFact]
    public void The_tiered_compilation_worker_and_only_it_goes_to_sched_idle()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "SCHED_IDLE is Linux's");
        using var stop = new ManualResetEventSlim();
        // The runtime's worker comes and goes; a thread of the same name stands in for it, beside one of another name.
        var (worker, other) = (Start(".NET Tiered Compilation Worker", stop), Start("llama.cpp compute stand-in", stop));

        try
        {
            BackgroundJitPriority.Lower();

            Assert.Equal((SchedIdle, SchedOther), (Policy(worker), Policy(other)));
        }
        finally
        {
            stop.Set();
        }
    }

    private const int SchedOther = 0;
    private const int SchedIdle = 5;

    private static int Start(string name, ManualResetEventSlim stop)
    {
        var id = new TaskCompletionSource<int>();
        new Thread(() =>
        {
            id.SetResult(int.Parse(Path.GetFileName(new DirectoryInfo("/proc/thread-self").ResolveLinkTarget(false)!.FullName)));
            stop.Wait();
        }) { Name = name, IsBackground = true }.Start();
        return id.Task.Result;
    }

    /// <summary>The 41st field of /proc/PID/task/TID/stat, counted after the name in parentheses.</summary>
    private static int Policy(int thread)
    {
        var stat = File.ReadAllText($"/proc/self/task/{thread}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[38]);
    }
}
