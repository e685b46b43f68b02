namespace CodePilotLocal.Core.Guidance;

/// <summary>What guidance did during one generation, for logs, `complete --json` and the bench.</summary>
public sealed class GuidanceReport
{
    private readonly Lock _lock = new();

    public string Healed { get; set; } = "";

    /// <summary>Whether the generation reproduced the healed text (it always does unless guidance fell back).</summary>
    public bool HealedReproduced { get; set; }

    public List<GuardedSite> Sites { get; } = [];

    /// <summary>Why guidance stood aside (a mask that would have left nothing), in order.</summary>
    public List<string> Fallbacks { get; } = [];

    /// <summary>Time guidance added to each generated token, in microseconds (mask, vetoes, Roslyn lookups).</summary>
    public List<double> MicrosecondsPerToken { get; } = [];

    public void AddTiming(double microseconds)
    {
        lock (_lock)
        {
            MicrosecondsPerToken.Add(microseconds);
        }
    }
}
