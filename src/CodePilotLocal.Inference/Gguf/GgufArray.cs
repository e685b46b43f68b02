namespace CodePilotLocal.Inference.Gguf;

/// <summary>A GGUF array value: its element type and the values, boxed in a typed .NET array.</summary>
public sealed record GgufArray(GgufValueType ElementType, Array Values)
{
    public int Count => Values.Length;
}
