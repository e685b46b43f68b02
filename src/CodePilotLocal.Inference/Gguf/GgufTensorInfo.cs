namespace CodePilotLocal.Inference.Gguf;

/// <param name="Dimensions">ne[0], ne[1], ...: ne[0] is the contiguous (row) dimension.</param>
/// <param name="Offset">Byte offset of the data relative to the start of the data section.</param>
public sealed record GgufTensorInfo(string Name, ulong[] Dimensions, GgmlType Type, ulong Offset)
{
    public ulong ElementCount => Dimensions.Aggregate(1UL, (a, d) => a * d);
}
