namespace CodePilotLocal.Inference.Gguf;

/// <summary>Tensor element types (ggml.h "enum ggml_type"), with the block layout needed to size tensor data.</summary>
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    BF16 = 30,
}

public static class GgmlTypeSizes
{
    /// <summary>Bytes taken by <paramref name="elements"/> values, or null for a type whose layout we do not know.</summary>
    public static ulong? ByteCount(GgmlType type, ulong elements)
    {
        (ulong BlockSize, ulong BlockBytes)? layout = type switch
        {
            GgmlType.F32 or GgmlType.I32 => (1, 4),
            GgmlType.F16 or GgmlType.BF16 or GgmlType.I16 => (1, 2),
            GgmlType.I8 => (1, 1),
            GgmlType.I64 or GgmlType.F64 => (1, 8),
            GgmlType.Q4_0 => (32, 18),
            GgmlType.Q4_1 => (32, 20),
            GgmlType.Q5_0 => (32, 22),
            GgmlType.Q5_1 => (32, 24),
            GgmlType.Q8_0 => (32, 34),
            GgmlType.Q8_1 => (32, 36),
            GgmlType.Q2_K => (256, 84),
            GgmlType.Q3_K => (256, 110),
            GgmlType.Q4_K => (256, 144),
            GgmlType.Q5_K => (256, 176),
            GgmlType.Q6_K => (256, 210),
            GgmlType.Q8_K => (256, 292),
            _ => null,
        };
        return layout is { } l ? elements / l.BlockSize * l.BlockBytes : null;
    }
}
