using System.Runtime.InteropServices;

namespace CodePilotLocal.Inference.LlamaSharp;

/// <summary>
/// Puts the .NET runtime's tiered-compilation worker (the thread that recompiles hot methods in the
/// background) at Linux's SCHED_IDLE, so it runs only where llama.cpp leaves a core free. On a machine with as
/// many cores as llama.cpp's threads, every moment that worker ran stalled both OpenMP threads at their next
/// barrier: the bench generated ~15 % fewer tokens a second than with tiered compilation off (26.7 vs 30.4 and
/// 31.3 tokens/s, two runs each; the Qwen2.5-Coder-0.5B shape on 2 cores). Turning tiered compilation off
/// instead cost every start 0.7 s. The worker comes and goes, so each prompt looks for it anew (a few dozen
/// /proc entries, one system call); foreground threads never wait for it, as they run a method's first version meanwhile.
/// </summary>
internal static class BackgroundJitPriority
{
    private const int SchedIdle = 5;
    private const string WorkerName = ".NET Tiered Com"; // the kernel keeps 15 characters of a thread's name

    public static void Lower()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (!int.TryParse(Path.GetFileName(task), out var thread)
                    || !File.ReadAllText(Path.Combine(task, "comm")).StartsWith(WorkerName, StringComparison.Ordinal))
                {
                    continue;
                }

                var parameters = new SchedParam();
                _ = SchedSetScheduler(thread, SchedIdle, ref parameters); // where it fails, the worker keeps its priority: slower, nothing worse
            }
        }
        catch (IOException)
        {
            // A thread that ended while being looked at.
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [DllImport("libc", EntryPoint = "sched_setscheduler")]
    private static extern int SchedSetScheduler(int thread, int policy, ref SchedParam parameters);
}
