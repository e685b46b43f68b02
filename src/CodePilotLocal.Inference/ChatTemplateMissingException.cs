namespace CodePilotLocal.Inference;

/// <summary>The model has no chat template llama.cpp can apply (a base or FIM-only model): explain and fix need an instruct model.</summary>
public sealed class ChatTemplateMissingException(string modelName, string reason = "has no chat template")
    : Exception($"{modelName} {reason}, so it cannot explain or fix code. "
        + "Set 'explainModel' (or --explain-model) to an instruct model with a chat template, e.g. qwen2.5-coder-1.5b-instruct-q8_0.gguf.");
