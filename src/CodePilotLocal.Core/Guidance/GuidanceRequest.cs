namespace CodePilotLocal.Core.Guidance;

/// <summary>What a generation must respect beyond the model's own choice.</summary>
/// <param name="Healed">Text taken off the end of the prompt (token healing): the generation must start with it.</param>
/// <param name="Oracle">Members after a dot (the dereference guard); null: no guard.</param>
public sealed record GuidanceRequest(string Healed, IMemberOracle? Oracle)
{
    /// <summary>Filled in as the generation runs: what was healed and guarded, and what it cost.</summary>
    public GuidanceReport Report { get; } = new();
}
