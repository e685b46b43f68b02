using System.Text;

namespace CodePilotLocal.Server.Hosting;

/// <summary>The only writer of the output stream: one whole frame at a time.</summary>
internal sealed class LspFrameWriter(Stream output)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
