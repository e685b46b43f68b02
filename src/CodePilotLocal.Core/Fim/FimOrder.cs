namespace CodePilotLocal.Core.Fim;

/// <summary>
/// Where the suffix goes in a FIM prompt. Prefix-suffix-middle is what every FIM model is trained on and
/// our default; suffix-prefix-middle (as llama-server's --spm-infill writes it: suffix token, suffix,
/// prefix token, prefix, middle token) puts the text being typed at the very end of the prompt, so plain
/// prefix reuse of the KV cache covers everything else — but only models trained on it should get it.
/// </summary>
public enum FimOrder
{
    PrefixSuffixMiddle,
    SuffixPrefixMiddle,
}
