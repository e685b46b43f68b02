using System.IO.Pipelines;
using System.Text;
using CodePilotLocal.Server.Hosting;

namespace CodePilotLocal.Server.Tests.Hosting;

public sealed class LspFrameReaderTests
{
    private static async Task<List<LspFrame>> ReadAsync(int maxBody, params string[] chunks)
    {
        var pipe = new Pipe();
        var reading = Task.Run(async () =>
        {
            var frames = new List<LspFrame>();
            await foreach (var frame in new LspFrameReader(pipe.Reader, maxBody).ReadAllAsync(CancellationToken.None))
            {
                frames.Add(frame);
            }

            return frames;
        });
        foreach (var chunk in chunks)
        {
            await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(chunk));
            await Task.Delay(5);
        }

        await pipe.Writer.CompleteAsync();
        return await reading;
    }

    private static string Body(LspFrame frame) => Encoding.UTF8.GetString(frame.Body!);

    [Fact]
    public async Task Frames_split_across_reads_and_packed_into_one_read_are_all_found()
    {
        var frames = await ReadAsync(1000, "Content-Len", "gth: 2\r\n\r", "\n{}Content-Length: 3\r\n\r\n[1]Content-Length: 1\r\n\r\n7");

        Assert.Equal(["{}", "[1]", "7"], frames.Select(Body));
    }

    [Fact]
    public async Task Other_headers_are_allowed_and_the_name_is_case_insensitive()
    {
        var frames = await ReadAsync(1000, "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");

        Assert.Equal("{}", Body(Assert.Single(frames)));
    }

    [Fact]
    public async Task After_a_bad_header_reading_resumes_at_the_next_frame_with_one_error()
    {
        var frames = await ReadAsync(1000, "Content-Length: x\r\n\r\n{\"a\":1}", "Content-Length: 2\r\n\r\n{}");

        Assert.Equal(2, frames.Count);
        Assert.Contains("Invalid Content-Length", frames[0].Error);
        Assert.Equal("{}", Body(frames[1]));
    }

    [Fact]
    public async Task An_oversized_body_is_skipped_without_being_buffered_and_the_next_frame_is_read()
    {
        var big = new string('x', 5000);
        var frames = await ReadAsync(100, $"Content-Length: {big.Length}\r\n\r\n", big[..2000], big[2000..], "Content-Length: 2\r\n\r\n{}");

        Assert.Equal(2, frames.Count);
        Assert.Contains("exceeds", frames[0].Error);
        Assert.Equal("{}", Body(frames[1]));
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_body_reports_it()
    {
        var frames = await ReadAsync(1000, "Content-Length: 10\r\n\r\n{\"a\"");

        Assert.Contains("ended inside a message", Assert.Single(frames).Error);
    }
}
