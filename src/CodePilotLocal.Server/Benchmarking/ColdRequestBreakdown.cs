namespace CodePilotLocal.Server.Benchmarking;

/// <summary>
/// Mean milliseconds of the requests made where the cursor landed somewhere new (the ones that make the
/// p95): choosing repository context, tokenizing, evaluating the prompt, generating, and the rest (our
/// pipeline around them: windowing, prompt building, post-processing, the compile check).
/// </summary>
public sealed record ColdRequestBreakdown(int Requests, double TotalMs, double ContextMs, double TokenizeMs, double PromptMs, double GenerationMs, double PromptTokensEvaluated)
{
    public double OtherMs => TotalMs - ContextMs - TokenizeMs - PromptMs - GenerationMs;
}
