namespace CodePilotLocal.Core.Context;

/// <summary>
/// Four characters a token, rounded up: what code BPE tokenizers average. Used only where no model is
/// loaded (`codepilot eval --no-model`), and said so wherever its counts are printed.
/// </summary>
public sealed class ApproximateTokenCounter : ITokenCounter
{
    public static readonly ApproximateTokenCounter Instance = new();

    public int Count(string text) => (text.Length + 3) / 4;
}
