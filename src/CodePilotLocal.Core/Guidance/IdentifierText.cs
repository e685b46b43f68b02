namespace CodePilotLocal.Core.Guidance;

/// <summary>What counts as part of an identifier when guarding and healing, on UTF-8 bytes and on text.</summary>
public static class IdentifierText
{
    /// <summary>ASCII letters, digits and '_', and every non-ASCII byte (C# identifiers may hold Unicode letters).</summary>
    public static bool IsIdentifierByte(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'_' or >= 0x80;

    /// <summary>
    /// A byte that may end a name: printable ASCII punctuation, space, tab or line break. Control bytes do
    /// not count: post-processing drops them, and the name would run on into what follows.
    /// </summary>
    public static bool IsNameEndByte(byte b) => b is (byte)'\t' or (byte)'\n' or (byte)'\r' or >= 0x20 and < 0x7F && !IsIdentifierByte(b);

    public static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Length of the identifier run at the start of <paramref name="text"/>.</summary>
    public static int LeadingRun(ReadOnlySpan<byte> text)
    {
        var length = 0;
        while (length < text.Length && IsIdentifierByte(text[length]))
        {
            length++;
        }

        return length;
    }
}
