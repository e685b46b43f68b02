using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CodePilotLocal.Cli.Hosting;

/// <summary>
/// Hands the real stdout to the LSP transport alone. On Unix the original descriptor is duplicated for
/// the transport and descriptor 1 is pointed at stderr, so that a stray printf from native code
/// (llama.cpp, ggml) can never corrupt the LSP stream; Console.Out goes to stderr as well.
/// </summary>
internal static partial class StandardStreams
{
    public static Stream TakeStdoutForProtocol()
    {
        Stream protocol;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            var copy = Dup(1);
            if (copy >= 0 && Dup2(2, 1) >= 0)
            {
                protocol = new FileStream(new SafeFileHandle(copy, ownsHandle: true), FileAccess.Write, bufferSize: 0);
            }
            else
            {
                protocol = Console.OpenStandardOutput();
            }
        }
        else
        {
            protocol = Console.OpenStandardOutput();
        }

        Console.SetOut(Console.Error);
        return protocol;
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);
}
