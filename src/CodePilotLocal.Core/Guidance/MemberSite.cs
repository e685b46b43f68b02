namespace CodePilotLocal.Core.Guidance;

/// <param name="Receiver">The receiver as written, for logs and `complete --json`.</param>
/// <param name="Names">Names of the members accessible there (overloads once).</param>
public sealed record MemberSite(string Receiver, IReadOnlyList<string> Names);
