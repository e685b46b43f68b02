using CodePilotLocal.Core.Guidance;
using CodePilotLocal.Indexing.Roslyn;

namespace CodePilotLocal.Server.Services;

/// <summary>What healing, the guard and the compile check did to one suggestion (shown by `complete --json`).</summary>
/// <param name="Healed">Text taken off the prompt and written again by the model.</param>
/// <param name="Sites">Member accesses where only existing members were allowed.</param>
/// <param name="Fallbacks">Where guidance stood aside, and why.</param>
/// <param name="Cut">Names that do not exist, where the compile check cut the suggestion (the first one).</param>
/// <param name="MicrosecondsPerToken">What guidance added to each generated token.</param>
/// <param name="Unchecked">The suggestion before the compile check cut it.</param>
public sealed record GuidanceOutcome(
    string Healed, IReadOnlyList<GuardedSite> Sites, IReadOnlyList<string> Fallbacks, IReadOnlyList<MissingName> Cut, IReadOnlyList<double> MicrosecondsPerToken, string Unchecked);
