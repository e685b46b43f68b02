namespace CodePilotLocal.Inference.Remote;

/// <summary>Which engine answers: the model loaded in this process, or an inference server a team runs.</summary>
public enum BackendKind
{
    /// <summary>A GGUF file run by LLamaSharp in this process (the default: nothing leaves the machine).</summary>
    Local,

    /// <summary>llama.cpp's llama-server, through its native /completion API (prompt cache, slot pinning).</summary>
    LlamaServer,

    /// <summary>Any OpenAI-compatible server: /v1/completions for FIM, /v1/chat/completions for explain and fix (vLLM, llama-server, Ollama, TGI).</summary>
    OpenAi,
}
