namespace CodePilotLocal.Indexing.Workspace;

/// <summary>The language of a file by its name, as LSP language identifiers spell them; "text" when unknown.</summary>
public static class Languages
{
    public const string CSharp = "csharp";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".cs"] = CSharp, [".csx"] = CSharp, [".fs"] = "fsharp", [".vb"] = "vb", [".csproj"] = "xml", [".props"] = "xml", [".targets"] = "xml",
        [".xml"] = "xml", [".xaml"] = "xml", [".razor"] = "razor", [".cshtml"] = "razor", [".json"] = "json", [".yaml"] = "yaml", [".yml"] = "yaml",
        [".md"] = "markdown", [".py"] = "python", [".js"] = "javascript", [".mjs"] = "javascript", [".ts"] = "typescript", [".tsx"] = "typescriptreact",
        [".jsx"] = "javascriptreact", [".go"] = "go", [".rs"] = "rust", [".java"] = "java", [".kt"] = "kotlin", [".c"] = "c", [".h"] = "c",
        [".cpp"] = "cpp", [".hpp"] = "cpp", [".cc"] = "cpp", [".lua"] = "lua", [".rb"] = "ruby", [".php"] = "php", [".sh"] = "shellscript",
        [".sql"] = "sql", [".html"] = "html", [".css"] = "css", [".toml"] = "toml", [".swift"] = "swift", [".scala"] = "scala",
    };

    public static string For(string path) => ByExtension.GetValueOrDefault(Path.GetExtension(path), "text");
}
