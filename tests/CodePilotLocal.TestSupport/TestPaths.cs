namespace CodePilotLocal.TestSupport;

public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>../shared/models beside the checkout (see its MANIFEST.md); may be absent off this project's machines.</summary>
    public static string SharedModels { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "models"));

    public static string SharedModel(string fileName) => Path.Combine(SharedModels, fileName);

    public static bool HasSharedModel(string fileName) => File.Exists(SharedModel(fileName));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodePilotLocal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run from inside the CodePilotLocal checkout.");
    }
}
