using System.Runtime.InteropServices;

namespace CodePilotLocal.Cli.Hosting;

/// <summary>
/// Ends the server process once everything of ours is disposed and flushed, without the C runtime's teardown (the
/// static destructors of llama.cpp's libraries, OpenMP's threads), which runs after .NET's own shutdown: a CI run saw
/// the server end with SIGSEGV (exit code 139) after a clean shutdown/exit, most likely there (it did not recur in
/// a dozen local runs, so this is a guard, not a proven cure). Nothing of ours is left to run at this point.
/// </summary>
internal static partial class ImmediateExit
{
    public static void With(int code)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            Exit(code);
        }
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);
}
