using CodePilotLocal.Core.Guidance;
using LLama.Native;

namespace CodePilotLocal.Inference.LlamaSharp;

/// <summary>
/// The bytes each token of a loaded model decodes to, as llama.cpp's own detokenizer gives them (byte-level
/// BPE's "Ġ" as a space, SentencePiece's "▁" and &lt;0xNN&gt; byte tokens likewise); control tokens decode to nothing.
/// </summary>
public static class VocabularySpellings
{
    public static VocabularyTrie Build(SafeLlamaModelHandle model)
    {
        var count = model.Vocab.Count;
        var spellings = new byte[count][];
        Span<byte> buffer = stackalloc byte[256];
        for (var id = 0; id < count; id++)
        {
            var length = (int)model.TokenToSpan((LLamaToken)id, buffer, lstrip: 0, special: false);
            spellings[id] = length <= buffer.Length ? buffer[..length].ToArray() : Larger(model, id, length);
        }

        return new VocabularyTrie(spellings);
    }

    private static byte[] Larger(SafeLlamaModelHandle model, int id, int length)
    {
        var buffer = new byte[length];
        model.TokenToSpan((LLamaToken)id, buffer, lstrip: 0, special: false);
        return buffer;
    }
}
