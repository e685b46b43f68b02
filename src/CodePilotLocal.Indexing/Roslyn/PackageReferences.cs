using System.Xml.Linq;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>
/// The MSBuild project information used when it is there, without running MSBuild or a restore: the
/// packages the workspace's projects reference (PackageReference, versions from the project or from
/// Directory.Packages.props), found in the local NuGet cache. Packages not restored on this machine are
/// simply left out; nothing is ever downloaded.
/// </summary>
public static class PackageReferences
{
    private static readonly string[] PreferredFrameworks =
        ["net10.0", "net9.0", "net8.0", "net7.0", "net6.0", "net5.0", "netcoreapp3.1", "netstandard2.1", "netstandard2.0", "netstandard1.6"];

    /// <summary>The NuGet global packages folder: $NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string CacheFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <param name="projectFiles">Full paths of the workspace's *.csproj and Directory.Packages.props files.</param>
    /// <returns>Assemblies to compile against, one set per package found in the cache.</returns>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> projectFiles, string cacheFolder)
    {
        var central = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var wanted = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in projectFiles)
        {
            XDocument document;
            try
            {
                document = XDocument.Load(file);
            }
            catch (Exception e) when (e is System.Xml.XmlException or IOException or UnauthorizedAccessException)
            {
                continue; // a broken project file only means fewer references
            }

            foreach (var element in document.Descendants())
            {
                var id = (string?)element.Attribute("Include");
                var version = (string?)element.Attribute("Version") ?? element.Elements().FirstOrDefault(e => e.Name.LocalName == "Version")?.Value;
                if (id is null)
                {
                    continue;
                }

                if (element.Name.LocalName == "PackageVersion" && version is not null)
                {
                    central[id] = version;
                }
                else if (element.Name.LocalName == "PackageReference")
                {
                    wanted[id] = version ?? wanted.GetValueOrDefault(id);
                }
            }
        }

        return wanted
            .SelectMany(p => Assemblies(cacheFolder, p.Key, p.Value ?? central.GetValueOrDefault(p.Key)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> Assemblies(string cacheFolder, string id, string? version)
    {
        var package = Path.Combine(cacheFolder, id.ToLowerInvariant());
        if (!Directory.Exists(package))
        {
            return [];
        }

        var exact = version?.Trim('[', ']', '(', ')').Split(',')[0].Trim().ToLowerInvariant();
        var folder = exact is { Length: > 0 } && Directory.Exists(Path.Combine(package, exact))
            ? Path.Combine(package, exact)
            : Directory.GetDirectories(package).OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version()).FirstOrDefault();
        var lib = folder is null ? null : Path.Combine(folder, "lib");
        if (lib is null || !Directory.Exists(lib))
        {
            return [];
        }

        var framework = PreferredFrameworks.Select(f => Path.Combine(lib, f)).FirstOrDefault(Directory.Exists);
        return framework is null ? [] : Directory.GetFiles(framework, "*.dll");
    }
}
