using System.Text;

namespace CodePilotLocal.Indexing.Workspace;

/// <summary>Reads a workspace file as text, or says why it is not text worth indexing.</summary>
public static class FileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? TryRead(WorkspaceFile file, long maxBytes, out SkipReason? reason)
    {
        reason = null;
        byte[] bytes;
        try
        {
            var info = new FileInfo(file.FullPath);
            if (info.Length > maxBytes)
            {
                reason = SkipReason.TooLarge;
                return null;
            }

            bytes = File.ReadAllBytes(file.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = SkipReason.Unreadable;
            return null;
        }

        if (bytes.Length > maxBytes)
        {
            reason = SkipReason.TooLarge; // it grew while we looked
            return null;
        }

        if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
        {
            reason = SkipReason.Binary;
            return null;
        }

        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            reason = SkipReason.NotUtf8;
            return null;
        }
    }
}
