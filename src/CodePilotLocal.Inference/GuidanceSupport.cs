namespace CodePilotLocal.Inference;

/// <summary>How far an engine can steer its generation (token healing, the dereference guard).</summary>
public enum GuidanceSupport
{
    /// <summary>Neither: prompts are sent whole and the text comes back as the model wrote it.</summary>
    None,

    /// <summary>A llama-server GBNF grammar: the healed text and, with the cursor after a dot, the members there.</summary>
    Grammar,

    /// <summary>Every token: the local engine masks logits before sampling.</summary>
    TokenMasks,
}
