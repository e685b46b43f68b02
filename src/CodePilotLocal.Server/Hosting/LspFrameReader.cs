using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace CodePilotLocal.Server.Hosting;

/// <summary>
/// Reads "Content-Length: N\r\n\r\n{body}" frames (LSP base protocol). A malformed header does not end
/// the stream: it is reported, and reading resumes at the next "Content-Length:" header.
/// </summary>
internal sealed class LspFrameReader(PipeReader reader, int maxBodyBytes)
{
    private const int MaxHeaderBytes = 8 * 1024;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "Content-Length:"u8.ToArray();
    private bool _resynchronizing;

    public async IAsyncEnumerable<LspFrame> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryParse(ref buffer, result.IsCompleted, out var skipBody) is not { } frame)
            {
                reader.AdvanceTo(buffer.Start, buffer.End); // a frame needs more bytes
                if (result.IsCompleted)
                {
                    yield break;
                }

                continue;
            }

            reader.AdvanceTo(buffer.Start); // the rest may already hold the next frame
            yield return frame;
            if (skipBody > 0)
            {
                await SkipAsync(skipBody, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private LspFrame? TryParse(ref ReadOnlySequence<byte> buffer, bool completed, out long skipBody)
    {
        skipBody = 0;
        if (_resynchronizing)
        {
            // After a malformed header, drop everything up to the next "Content-Length:" without more errors.
            Resynchronize(ref buffer, skipFirst: false);
            _resynchronizing = !StartsWithContentLength(buffer);
            if (_resynchronizing)
            {
                return null;
            }
        }

        var sequenceReader = new SequenceReader<byte>(buffer);
        if (!sequenceReader.TryReadTo(out ReadOnlySequence<byte> header, HeaderEnd, advancePastDelimiter: true))
        {
            if (buffer.Length > MaxHeaderBytes || (completed && buffer.Length > 0))
            {
                return Malformed(ref buffer, $"Malformed message header: no blank line in {buffer.Length} bytes.");
            }

            return null;
        }

        if (!TryGetContentLength(Encoding.ASCII.GetString(header), out var length, out var error))
        {
            return Malformed(ref buffer, error);
        }

        if (length > maxBodyBytes)
        {
            var available = Math.Min(length, sequenceReader.Remaining);
            buffer = buffer.Slice(sequenceReader.Position).Slice(available);
            skipBody = length - available;
            return LspFrame.Malformed($"Message of {length:N0} bytes exceeds the {maxBodyBytes:N0}-byte limit and was skipped.");
        }

        if (sequenceReader.Remaining < length)
        {
            if (completed)
            {
                buffer = buffer.Slice(buffer.End);
                return LspFrame.Malformed($"The stream ended inside a message: {sequenceReader.Remaining} of {length} bytes arrived.");
            }

            return null;
        }

        var body = buffer.Slice(sequenceReader.Position, length);
        buffer = buffer.Slice(body.End);
        return LspFrame.Ok(body.ToArray());
    }

    private LspFrame Malformed(ref ReadOnlySequence<byte> buffer, string error)
    {
        Resynchronize(ref buffer, skipFirst: true);
        _resynchronizing = !StartsWithContentLength(buffer);
        return LspFrame.Malformed(error);
    }

    private static bool StartsWithContentLength(ReadOnlySequence<byte> buffer) =>
        new SequenceReader<byte>(buffer).IsNext(ContentLength, advancePast: false);

    private static bool TryGetContentLength(string header, out long length, out string error)
    {
        length = -1;
        foreach (var line in header.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                error = $"Malformed header line \"{Shorten(line)}\".";
                return false;
            }

            if (line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && (!long.TryParse(line[(colon + 1)..].Trim(), out length) || length < 0))
            {
                error = $"Invalid Content-Length \"{Shorten(line[(colon + 1)..].Trim())}\".";
                return false;
            }
        }

        error = "Missing Content-Length header.";
        return length >= 0;
    }

    /// <summary>Drops bytes up to the next "Content-Length:" (or all but a possible start of one).</summary>
    private static void Resynchronize(ref ReadOnlySequence<byte> buffer, bool skipFirst)
    {
        var bytes = buffer.ToArray();
        var from = Math.Min(skipFirst ? 1 : 0, bytes.Length);
        var found = bytes.AsSpan(from).IndexOf(ContentLength);
        var keep = found >= 0 ? from + found : Math.Max(from, bytes.Length - (ContentLength.Length - 1));
        buffer = buffer.Slice(keep);
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var take = Math.Min(count, result.Buffer.Length);
            reader.AdvanceTo(result.Buffer.GetPosition(take));
            count -= take;
            if (result.IsCompleted && take == 0)
            {
                return;
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
