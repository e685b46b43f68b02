namespace CodePilotLocal.Server.Hosting;

/// <summary>initialize → initialized → shutdown → exit (LSP 3.17 §Lifecycle Messages).</summary>
internal sealed class ServerLifecycle
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LifecycleState State { get; private set; } = LifecycleState.Created;

    /// <summary>Completes with the process exit code: 0 after shutdown, 1 otherwise.</summary>
    public Task<int> Exited => _exit.Task;

    public void MarkInitialized() => State = LifecycleState.Initialized;

    public void MarkShutdown() => State = LifecycleState.ShutDown;

    public void Exit() => _exit.TrySetResult(State == LifecycleState.ShutDown ? 0 : 1);
}

internal enum LifecycleState
{
    Created,
    Initialized,
    ShutDown,
}
