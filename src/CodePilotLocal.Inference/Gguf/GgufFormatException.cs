namespace CodePilotLocal.Inference.Gguf;

/// <summary>The file is not a GGUF file, or not a complete one.</summary>
public sealed class GgufFormatException(string message) : Exception(message);
