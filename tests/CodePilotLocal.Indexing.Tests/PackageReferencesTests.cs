using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Indexing.Tests;

public sealed class PackageReferencesTests
{
    [Fact]
    public void Finds_the_referenced_packages_in_the_local_cache_only()
    {
        using var dir = new TempDirectory();
        var assembly = typeof(FactAttribute).Assembly.Location;
        var cached = dir.Write("cache/acme.json/2.1.0/lib/net8.0/Acme.Json.dll", "");
        File.Copy(assembly, cached, overwrite: true);
        dir.Write("cache/acme.json/2.1.0/lib/netstandard2.0/Acme.Json.dll", "older");
        dir.Write("cache/acme.json/1.0.0/lib/net8.0/Acme.Json.dll", "wrong version");
        var project = dir.Write("src/App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Acme.Json" />
                <PackageReference Include="Not.Restored" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """);
        var central = dir.Write("Directory.Packages.props", """<Project><ItemGroup><PackageVersion Include="Acme.Json" Version="2.1.0" /></ItemGroup></Project>""");
        var broken = dir.Write("src/Broken/Broken.csproj", "<Project><ItemGroup>");

        var assemblies = PackageReferences.Resolve([project, central, broken], dir.File("cache"));

        Assert.Equal([cached], assemblies);
    }
}
