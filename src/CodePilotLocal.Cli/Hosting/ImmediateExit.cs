using System.Runtime.InteropServices;

namespace CodePilotLocal.Cli.Hosting;

/// <summary>
/// Ends the server process once everything of ours is disposed and flushed, without the C runtime's teardown: the
/// static destructors of llama.cpp's libraries (and OpenMP's threads) ran after .NET's own shutdown, and a CI run
/// saw the server end with SIGSEGV (exit code 139) after a clean shutdown/exit. Nothing of ours is left to run then.
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
