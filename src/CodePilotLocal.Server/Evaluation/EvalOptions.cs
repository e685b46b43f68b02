namespace CodePilotLocal.Server.Evaluation;

/// <param name="Samples">Held-out statements to try.</param>
/// <param name="Seed">Same seed, same repository: same statements.</param>
public sealed record EvalOptions(int Samples = 50, int Seed = 1);
