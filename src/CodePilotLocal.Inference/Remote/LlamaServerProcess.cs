using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
namespace CodePilotLocal.Inference.Remote;

/// <summary>
/// Starts llama.cpp's llama-server on the loopback address with the same model, threads and context as
/// ours, configured as llama.vscode recommends (one slot, --cache-reuse 256), for `bench --llama-server`
/// and for the tests of the llama-server backend.
/// </summary>
public sealed class LlamaServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LlamaServerProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<LlamaServerProcess> StartAsync(string executable, string model, int threads, int contextSize, CancellationToken cancellationToken, int slots = 1, bool suffixPrefixMiddle = false)
    {
        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-m", model, "-t", threads.ToString(), "-tb", threads.ToString(), "-c", contextSize.ToString(),
            // A logical batch as large as the context: /infill then keeps the whole prefix/suffix window we send
            // (with the default 512 it cuts the prompt to fit the batch), so both sides see the same prompt.
            "--host", "127.0.0.1", "--port", port.ToString(), "-np", slots.ToString(), "--cache-reuse", "256", "-b", contextSize.ToString(), "-ub", "512",
        })
        {
            info.ArgumentList.Add(argument);
        }

        if (suffixPrefixMiddle)
        {
            info.ArgumentList.Add("--spm-infill");
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LlamaServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var client = LlamaServerClient.For(server.Endpoint);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await client.IsHealthyAsync(cancellationToken).ConfigureAwait(false))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"llama-server did not become healthy (exit code {(process.HasExited ? process.ExitCode : -1)}).");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        return server;
    }

    /// <summary>Peak resident memory (VmHWM) of the server process, where /proc tells it.</summary>
    public double? PeakRssMegabytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
