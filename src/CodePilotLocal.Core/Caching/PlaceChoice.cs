namespace CodePilotLocal.Core.Caching;

/// <param name="Restore">The kept place the prompt continues, which replaces the live one in the KV cache; −1: the live place.</param>
/// <param name="KeepLive">Keep the live place before it is replaced or changed: the prompt goes somewhere else.</param>
public sealed record PlaceChoice(int Restore, bool KeepLive)
{
    /// <summary>The prompt goes back to a place left before: a warm return.</summary>
    public bool Resumed => Restore >= 0;
}
