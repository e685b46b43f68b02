using System.Text;

namespace CodePilotLocal.Inference.Gguf;

/// <summary>Writes a GGUF v3 file: metadata, tensor directory, then aligned tensor data produced on demand.</summary>
public sealed class GgufWriter
{
    private const uint Alignment = 32;
    private readonly List<(string Key, object Value)> _metadata = [];
    private readonly List<PendingTensor> _tensors = [];

    public GgufWriter Add(string key, object value)
    {
        _metadata.RemoveAll(m => m.Key == key);
        _metadata.Add((key, value));
        return this;
    }

    /// <param name="writeData">Writes exactly the tensor's bytes (as <see cref="GgmlTypeSizes.ByteCount"/> gives them).</param>
    public GgufWriter AddTensor(string name, ulong[] dimensions, GgmlType type, Action<Stream> writeData)
    {
        var elements = dimensions.Aggregate(1UL, (a, d) => a * d);
        var size = GgmlTypeSizes.ByteCount(type, elements)
            ?? throw new ArgumentException($"Cannot size tensors of type {type}.", nameof(type));
        _tensors.Add(new PendingTensor(name, dimensions, type, size, writeData));
        return this;
    }

    public void WriteTo(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = path + ".partial";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            Write(writer, stream);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private void Write(BinaryWriter writer, Stream stream)
    {
        writer.Write(GgufReader.Magic);
        writer.Write(3u);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count + 1);
        WriteString(writer, "general.alignment");
        writer.Write((uint)GgufValueType.UInt32);
        writer.Write(Alignment);
        foreach (var (key, value) in _metadata)
        {
            WriteString(writer, key);
            WriteTypedValue(writer, value);
        }

        ulong offset = 0;
        var offsets = new List<ulong>();
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Dimensions.Length);
            foreach (var d in tensor.Dimensions)
            {
                writer.Write(d);
            }

            writer.Write((uint)tensor.Type);
            writer.Write(offset);
            offsets.Add(offset);
            offset = Align(offset + tensor.Size);
        }

        writer.Flush();
        Pad(stream);
        var dataStart = stream.Position;
        for (var i = 0; i < _tensors.Count; i++)
        {
            var tensor = _tensors[i];
            stream.Position = dataStart + (long)offsets[i];
            var before = stream.Position;
            tensor.WriteData(stream);
            if ((ulong)(stream.Position - before) != tensor.Size)
            {
                throw new InvalidOperationException(
                    $"Tensor {tensor.Name} wrote {stream.Position - before} bytes, expected {tensor.Size}.");
            }

            Pad(stream);
        }
    }

    private static void WriteTypedValue(BinaryWriter writer, object value)
    {
        var type = TypeOf(value);
        writer.Write((uint)type);
        WriteValue(writer, type, value);
    }

    private static void WriteValue(BinaryWriter writer, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: writer.Write((byte)value); break;
            case GgufValueType.Int8: writer.Write((sbyte)value); break;
            case GgufValueType.UInt16: writer.Write((ushort)value); break;
            case GgufValueType.Int16: writer.Write((short)value); break;
            case GgufValueType.UInt32: writer.Write((uint)value); break;
            case GgufValueType.Int32: writer.Write((int)value); break;
            case GgufValueType.Float32: writer.Write((float)value); break;
            case GgufValueType.Bool: writer.Write((byte)((bool)value ? 1 : 0)); break;
            case GgufValueType.String: WriteString(writer, (string)value); break;
            case GgufValueType.UInt64: writer.Write((ulong)value); break;
            case GgufValueType.Int64: writer.Write((long)value); break;
            case GgufValueType.Float64: writer.Write((double)value); break;
            case GgufValueType.Array:
                var array = (GgufArray)value;
                writer.Write((uint)array.ElementType);
                writer.Write((ulong)array.Values.Length);
                foreach (var element in array.Values)
                {
                    WriteValue(writer, array.ElementType, element!);
                }

                break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }

    private static GgufValueType TypeOf(object value) => value switch
    {
        byte => GgufValueType.UInt8,
        sbyte => GgufValueType.Int8,
        ushort => GgufValueType.UInt16,
        short => GgufValueType.Int16,
        uint => GgufValueType.UInt32,
        int => GgufValueType.Int32,
        float => GgufValueType.Float32,
        bool => GgufValueType.Bool,
        string => GgufValueType.String,
        ulong => GgufValueType.UInt64,
        long => GgufValueType.Int64,
        double => GgufValueType.Float64,
        GgufArray => GgufValueType.Array,
        _ => throw new ArgumentException($"No GGUF type for {value.GetType()}."),
    };

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static ulong Align(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void Pad(Stream stream)
    {
        var padding = (int)(Align((ulong)stream.Position) - (ulong)stream.Position);
        for (var i = 0; i < padding; i++)
        {
            stream.WriteByte(0);
        }
    }

    private sealed record PendingTensor(string Name, ulong[] Dimensions, GgmlType Type, ulong Size, Action<Stream> WriteData);
}
