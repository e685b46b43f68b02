namespace CodePilotLocal.Indexing;

/// <summary>How far an index update is, for $/progress and the command line.</summary>
public sealed record IndexProgress(string Stage, int Done, int Total)
{
    public int Percent => Total == 0 ? 100 : (int)(100L * Done / Total);
}
