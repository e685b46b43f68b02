namespace CodePilotLocal.Server.Evaluation;

/// <param name="Samples">Sites to hold out.</param>
/// <param name="Seed">Same seed, same repository: same sites.</param>
/// <param name="Sites">What is held out: whole statements, or the rest of the line after a member access's dot.</param>
public sealed record EvalOptions(int Samples = 50, int Seed = 1, EvalSites Sites = EvalSites.Statements);

public enum EvalSites
{
    Statements,
    MemberAccesses,
}
