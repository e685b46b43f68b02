namespace CodePilotLocal.Inference.Models.Acquisition;

/// <param name="Name">What `codepilot model pull` takes.</param>
/// <param name="Repository">Where the hub (or a mirror with the same layout) keeps it: {base}/{Repository}/resolve/main/{File}.</param>
/// <param name="SizeBytes">The download's size, about.</param>
/// <param name="MemoryBytes">Memory to run it with a 4K context, about.</param>
/// <param name="Sha256">The pinned checksum, where one was verified; else the hub's or mirror's published one is checked.</param>
public sealed record CatalogModel(
    string Name, string Repository, string File, long SizeBytes, long MemoryBytes, string Use, string? Sha256 = null)
{
    public string PathOnHub => $"{Repository}/resolve/main/{File}";
}
