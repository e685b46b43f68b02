using LLama.Native;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Inference.LlamaSharp;

/// <summary>
/// One-time set-up of the native llama.cpp library: it is looked up by absolute path under the app's own
/// folder (runtimes/RID/native/…), whatever the working directory, so an unpacked bundle runs from anywhere;
/// its log lines go to our logger (never to stdout, which belongs to the LSP stream), and its chatty load
/// messages are kept at debug level. On Linux the native folders' RUNPATH is $ORIGIN, so a libgomp.so.1 that
/// the bundle puts beside libggml-cpu.so is the one the loader takes (eng/bundle).
/// </summary>
internal static class NativeLlama
{
    private static readonly Lock Gate = new();
    private static ILogger? _logger;

    public static void EnsureConfigured(ILogger logger)
    {
        lock (Gate)
        {
            if (_logger is not null)
            {
                return;
            }

            _logger = logger;
            if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                NativeLibraryConfig.All.WithSearchDirectory(AppContext.BaseDirectory).WithLogCallback(Log);
            }
        }
    }

    private static void Log(LLamaLogLevel level, string message)
    {
        var text = message.TrimEnd();
        if (text.Length == 0)
        {
            return;
        }

        var logLevel = level switch
        {
            LLamaLogLevel.Error => LogLevel.Error,
            LLamaLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        _logger?.Log(logLevel, "llama.cpp: {Message}", text);
    }
}
