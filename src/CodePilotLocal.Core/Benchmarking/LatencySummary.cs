namespace CodePilotLocal.Core.Benchmarking;

/// <summary>Percentiles of a set of latencies, by the nearest-rank method.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double Max, double Mean)
{
    public static LatencySummary Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        var sorted = milliseconds.Order().ToArray();
        double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, Percentile(0.50), Percentile(0.95), sorted[^1], sorted.Average());
    }
}
