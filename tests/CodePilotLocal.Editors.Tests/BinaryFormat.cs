namespace CodePilotLocal.Editors.Tests;

/// <summary>What a native executable or library is built for, from its header: "ELF x86-64", "PE x64", "Mach-O arm64", ...</summary>
internal static class BinaryFormat
{
    public static string Of(string file)
    {
        var bytes = File.ReadAllBytes(file);
        if (bytes is [0x7F, (byte)'E', (byte)'L', (byte)'F', ..])
        {
            return BitConverter.ToUInt16(bytes, 18) switch { 62 => "ELF x86-64", 183 => "ELF aarch64", var m => $"ELF machine {m}" };
        }

        if (bytes is [(byte)'M', (byte)'Z', ..])
        {
            var header = BitConverter.ToInt32(bytes, 0x3C);
            return BitConverter.ToUInt16(bytes, header + 4) switch { 0x8664 => "PE x64", 0xAA64 => "PE arm64", var m => $"PE machine {m:x}" };
        }

        if (bytes is [0xCF, 0xFA, 0xED, 0xFE, ..])
        {
            return BitConverter.ToUInt32(bytes, 4) switch { 0x01000007 => "Mach-O x86-64", 0x0100000C => "Mach-O arm64", var c => $"Mach-O cpu {c:x}" };
        }

        return "unknown";
    }
}
