using LLama;

namespace CodePilotLocal.Inference.LlamaSharp;

/// <summary>A place the user left: its tokens and its KV cells as llama.cpp saves one sequence, in host memory.</summary>
internal sealed class KeptPlace(int[] tokens, int staleTokens, LLamaContext.SequenceState state) : IDisposable
{
    public int[] Tokens { get; } = tokens;

    /// <summary>Tokens evaluated in front of moved chunks since the place was last evaluated afresh.</summary>
    public int StaleTokens { get; } = staleTokens;

    public LLamaContext.SequenceState State { get; } = state;

    public long Bytes => (long)State.Size;

    public void Dispose() => State.Dispose();
}
