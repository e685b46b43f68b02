namespace CodePilotLocal.Server.Hosting;

/// <summary>One framed message read off the wire: its body, or why no body could be read.</summary>
internal readonly record struct LspFrame(byte[]? Body, string? Error)
{
    public static LspFrame Ok(byte[] body) => new(body, null);

    public static LspFrame Malformed(string error) => new(null, error);
}
