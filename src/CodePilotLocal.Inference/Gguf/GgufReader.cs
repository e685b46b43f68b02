using System.Text;

namespace CodePilotLocal.Inference.Gguf;

/// <summary>
/// Reads the header of a GGUF v2/v3 file (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md)
/// and checks that every tensor's data lies inside the file, so that a truncated download is reported
/// as such instead of crashing the native loader.
/// </summary>
public static class GgufReader
{
    public const uint Magic = 0x46554747; // "GGUF" little-endian
    private const uint DefaultAlignment = 32;

    public static GgufFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file not found: {path}", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var length = stream.Length;
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            return ReadHeader(path, reader, length);
        }
        catch (EndOfStreamException)
        {
            throw new GgufFormatException($"{path} is truncated: it ends inside the GGUF header ({length} bytes).");
        }
    }

    private static GgufFile ReadHeader(string path, BinaryReader reader, long length)
    {
        if (length < 24)
        {
            throw new GgufFormatException($"{path} is not a GGUF model: only {length} bytes long.");
        }

        var magic = reader.ReadUInt32();
        if (magic != Magic)
        {
            var bytes = BitConverter.GetBytes(magic);
            var shown = new string(bytes.Select(b => b is >= 32 and < 127 ? (char)b : '.').ToArray());
            throw new GgufFormatException($"{path} is not a GGUF model: it starts with \"{shown}\", not \"GGUF\".");
        }

        var version = reader.ReadUInt32();
        if (version is < 2 or > 3)
        {
            throw new GgufFormatException($"{path} is GGUF version {version}; versions 2 and 3 are supported.");
        }

        var tensorCount = reader.ReadUInt64();
        var kvCount = reader.ReadUInt64();
        Guard(tensorCount < 1_000_000 && kvCount < 1_000_000, path, "implausible tensor or key count");

        var metadata = new Dictionary<string, object>((int)kvCount, StringComparer.Ordinal);
        for (ulong i = 0; i < kvCount; i++)
        {
            var key = ReadString(reader, length, path);
            var type = (GgufValueType)reader.ReadUInt32();
            metadata[key] = ReadValue(reader, type, length, path);
        }

        var tensors = new List<GgufTensorInfo>((int)tensorCount);
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = ReadString(reader, length, path);
            var dims = reader.ReadUInt32();
            Guard(dims <= 8, path, $"tensor {name} has {dims} dimensions");
            var shape = new ulong[dims];
            for (var d = 0; d < dims; d++)
            {
                shape[d] = reader.ReadUInt64();
            }

            tensors.Add(new GgufTensorInfo(name, shape, (GgmlType)reader.ReadUInt32(), reader.ReadUInt64()));
        }

        var alignment = metadata.TryGetValue("general.alignment", out var a) && a is uint au && au > 0 ? au : DefaultAlignment;
        var position = reader.BaseStream.Position;
        var dataOffset = (position + alignment - 1) / alignment * alignment;
        foreach (var tensor in tensors)
        {
            if (GgmlTypeSizes.ByteCount(tensor.Type, tensor.ElementCount) is not { } size)
            {
                continue;
            }

            var end = dataOffset + (long)tensor.Offset + (long)size;
            if (end > length)
            {
                throw new GgufFormatException(
                    $"{path} is truncated: tensor {tensor.Name} needs bytes up to {end:N0} but the file has {length:N0}.");
            }
        }

        return new GgufFile
        {
            Path = path,
            Version = version,
            FileLength = length,
            Metadata = metadata,
            Tensors = tensors,
            DataOffset = dataOffset,
        };
    }

    private static object ReadValue(BinaryReader reader, GgufValueType type, long length, string path) => type switch
    {
        GgufValueType.UInt8 => reader.ReadByte(),
        GgufValueType.Int8 => reader.ReadSByte(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => reader.ReadInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => reader.ReadInt32(),
        GgufValueType.Float32 => reader.ReadSingle(),
        GgufValueType.Bool => reader.ReadByte() != 0,
        GgufValueType.String => ReadString(reader, length, path),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float64 => reader.ReadDouble(),
        GgufValueType.Array => ReadArray(reader, length, path),
        _ => throw new GgufFormatException($"{path} has a metadata value of unknown type {(uint)type}."),
    };

    private static GgufArray ReadArray(BinaryReader reader, long length, string path)
    {
        var elementType = (GgufValueType)reader.ReadUInt32();
        var count = reader.ReadUInt64();
        Guard(count <= (ulong)(length - reader.BaseStream.Position), path, "array longer than the file");
        var n = (int)count;
        Array values = elementType switch
        {
            GgufValueType.String => Fill(n, () => ReadString(reader, length, path)),
            GgufValueType.Int32 => Fill(n, reader.ReadInt32),
            GgufValueType.UInt32 => Fill(n, reader.ReadUInt32),
            GgufValueType.Float32 => Fill(n, reader.ReadSingle),
            GgufValueType.Int64 => Fill(n, reader.ReadInt64),
            GgufValueType.UInt64 => Fill(n, reader.ReadUInt64),
            GgufValueType.UInt8 => Fill(n, reader.ReadByte),
            GgufValueType.Int8 => Fill(n, reader.ReadSByte),
            GgufValueType.UInt16 => Fill(n, reader.ReadUInt16),
            GgufValueType.Int16 => Fill(n, reader.ReadInt16),
            GgufValueType.Float64 => Fill(n, reader.ReadDouble),
            GgufValueType.Bool => Fill(n, () => reader.ReadByte() != 0),
            _ => throw new GgufFormatException($"{path} has an array of unsupported element type {(uint)elementType}."),
        };
        return new GgufArray(elementType, values);
    }

    private static T[] Fill<T>(int count, Func<T> read)
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = read();
        }

        return values;
    }

    private static string ReadString(BinaryReader reader, long length, string path)
    {
        var size = reader.ReadUInt64();
        Guard(size <= (ulong)(length - reader.BaseStream.Position), path, "string longer than the file");
        return Encoding.UTF8.GetString(reader.ReadBytes((int)size));
    }

    private static void Guard(bool condition, string path, string what)
    {
        if (!condition)
        {
            throw new GgufFormatException($"{path} is corrupt or truncated: {what}.");
        }
    }
}
