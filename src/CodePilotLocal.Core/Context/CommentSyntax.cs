namespace CodePilotLocal.Core.Context;

/// <summary>The line comment of a file's language, to quote other files inside it where the model has no repo-level format.</summary>
public static class CommentSyntax
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".py"] = "#", [".sh"] = "#", [".bash"] = "#", [".rb"] = "#", [".pl"] = "#", [".r"] = "#", [".yaml"] = "#", [".yml"] = "#",
        [".toml"] = "#", [".ps1"] = "#", [".cmake"] = "#", [".dockerfile"] = "#", [".jl"] = "#", [".ex"] = "#", [".exs"] = "#",
        [".lua"] = "--", [".sql"] = "--", [".hs"] = "--", [".elm"] = "--", [".ada"] = "--",
        [".lisp"] = ";", [".clj"] = ";", [".el"] = ";", [".scm"] = ";", [".asm"] = ";",
        [".vim"] = "\"", [".m"] = "%", [".tex"] = "%", [".erl"] = "%",
    };

    /// <summary>The line comment for a path; "//" (C, C#, Java, JS, Go, Rust, ...) where the extension is not known.</summary>
    public static string For(string? path) =>
        path is not null && ByExtension.TryGetValue(System.IO.Path.GetExtension(path), out var comment) ? comment : "//";

    /// <summary>Every line of the text behind the comment marker.</summary>
    public static string Quote(string text, string comment) =>
        string.Concat(text.TrimEnd('\n').Split('\n').Select(line => line.Length == 0 ? comment + "\n" : comment + " " + line + "\n"));
}
