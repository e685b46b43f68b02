namespace CodePilotLocal.Core.Guidance;

/// <param name="Receiver">The receiver of the member access, as written.</param>
/// <param name="Offset">Where the member name starts, in characters of the generated text.</param>
/// <param name="Members">How many member names were allowed.</param>
/// <param name="Vetoed">Whether the model's own choice, a token crossing the dot into a missing member, was refused after sampling (false where the mask applied before sampling).</param>
public sealed record GuardedSite(string Receiver, int Offset, int Members, bool Vetoed);
